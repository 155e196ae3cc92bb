"""The translation queue in real Chromium, by keyboard: an OPI member changes a Council update's
English, finds it in the Somali queue, follows its link, saves the Somali and marks it reviewed;
the Somali queue empties and the public page in Somali shows the new Somali without the notice."""

import pytest
from playwright.sync_api import expect

from accounts.roles import OPI_STAFF
from publicsite.models import TranslationStatus
from tests.conftest import screenshot, sign_in_page
from tests.factories import make_council_update, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOTICE = "Qayb ka mid ah boggan weli lama turjumin"


@pytest.fixture
def update():
    """A published Council update in every language, each translation reviewed."""
    update = make_council_update(
        title="Crisis teams answer their first calls",
        title_es="Los equipos de crisis atienden sus primeras llamadas",
        title_so="Kooxaha xasuuqa waxay ka jawaabaan wicitaannadooda ugu horreeya",
        title_hmn="Cov pab pawg teb lawv thawj cov xov tooj",
    )
    reviewer = make_staff(OPI_STAFF, username="first-reviewer")
    for row in TranslationStatus.objects.filter(content_table="pilots_councilupdate", object_id=update.pk):
        row.mark_reviewed(reviewer)
    return update


def test_opi_translates_a_changed_update_marks_it_reviewed_and_the_somali_page_shows_it(
    live_server, page, assert_accessible, update
):
    sign_in_page(page, OPI_STAFF, "translator")

    page.goto(f"/admin/pilots/councilupdate/{update.pk}/change/")
    title = page.get_by_label("Title [en]:")
    title.fill("Crisis teams answer their first 100 calls")
    title.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto("/admin/")
    page.get_by_role("link", name="Translation queue").press("Enter")
    page.get_by_role("link", name="Somali: 1 waiting").press("Enter")
    queue = page.locator("#translation-queue")
    row = queue.get_by_role("row").filter(has_text="Council update: title")
    expect(row).to_contain_text("Crisis teams answer their first 100 calls")
    expect(row).to_contain_text("Older than the English")
    assert_accessible(page)
    screenshot(page, "staff/translation-queue-somali")

    row.get_by_role("link", name="Council update: title").press("Enter")
    somali = page.get_by_label("Title [so]:")
    expect(somali).to_be_focused()
    somali.fill("Kooxaha xasuuqa waxay ka jawaabeen 100-kii wicitaan ee ugu horreeyay")
    somali.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto("/admin/")
    page.get_by_role("link", name="Translation queue").press("Enter")
    page.get_by_role("link", name="Somali: 1 waiting").press("Enter")
    expect(page.locator("#translation-queue")).to_contain_text("Saved, not reviewed")
    page.get_by_role("button", name="Mark reviewed: Council update, title").press("Enter")

    expect(page.locator(".messagelist")).to_contain_text(
        "The Somali title of this Council update is marked reviewed."
    )
    expect(page.get_by_text("Nothing waits in this language")).to_be_visible()
    expect(page.get_by_role("link", name="Somali: 0 waiting")).to_have_attribute("aria-current", "page")
    reviewed = page.locator("#recent-reviews").get_by_role("row").filter(has_text="Council update: title")
    expect(reviewed).to_contain_text("by Test User")
    assert_accessible(page)
    screenshot(page, "staff/translation-queue-reviewed")

    page.goto(f"/so/updates/{update.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kooxaha xasuuqa waxay ka jawaabeen 100-kii wicitaan ee ugu horreeyay"
    )
    expect(page.get_by_text(NOTICE)).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "publicsite/update-translated-somali")
