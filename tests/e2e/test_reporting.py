"""A resident files a report with a photo in real Chromium, staff ask for more, the resident
answers through the emailed link, and sees the case number once it is accepted. Every resident
page is checked with axe-core. The status page is seen in each state a report takes, in English
and Somali, with its messages as they were written."""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from accounts.roles import REPORT_TAKERS
from core import ratelimit
from reporting import services
from reporting.demo import load_demo_addresses
from reporting.models import Report
from tests.conftest import screenshot
from tests.factories import make_reason, make_report, make_staff
from tests.reporting.conftest import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def choose(page, input_id):
    """USWDS draws radios and checkboxes on their labels, so a person clicks the label."""
    page.locator(f'label[for="{input_id}"]').click()


def answer_screening(page):
    for question in ["danger", "injury", "weapon", "suspect", "vehicle", "parking", "city_property"]:
        choose(page, f"id_{question}_1")
    choose(page, "id_in_minneapolis_0")
    page.get_by_role("button", name="Continue").click()


def test_a_resident_files_a_report_follows_it_and_gets_a_case_number(page, assert_accessible, tmp_path):
    photo = tmp_path / "bike.jpg"
    photo.write_bytes(jpeg_bytes(size=(800, 600), gps=True))
    load_demo_addresses()

    page.goto("/report/")
    assert_accessible(page)
    page.get_by_role("link", name="Start your report").click()
    assert_accessible(page)
    answer_screening(page)

    choose(page, "id_kind_0")
    page.get_by_label("When did it happen?").fill("2026-01-02")
    page.get_by_label("Where did it happen?").fill("1200 Nicolet Mall")
    page.get_by_label("What kind of place is it?").select_option("street")
    page.get_by_label("Tell us what happened, in your own words").fill("My bike was cut from the rack.")
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()

    # The address misspelt: the closest of the (made-up) address list are offered.
    page.get_by_text("1200 Nicollet Mall (Downtown West)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()

    # A mistake on the items step is explained, and the page stays accessible with errors.
    page.get_by_label("Description").fill("Blue mountain bike")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Please fix the following")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kind of item").select_option("bicycle")
    page.get_by_label("Serial number (optional)").fill("WTU123456")
    page.get_by_label("Value of one, in dollars (optional)").fill("450")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Add photos or documents").set_input_files(str(photo))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("bike.jpg")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Your name").fill("Alex Resident")
    page.get_by_label("Email address").fill("alex@example.org")
    choose(page, "id_follow_up_2")
    page.get_by_label("Your address (optional)").fill("1 Main St")
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()

    # No staff member takes booked visits yet: City staff will call to arrange one.
    expect(page.get_by_text("There are no free times to book in the next two weeks.")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()

    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_text("$450.00").first).to_be_visible()
    assert_accessible(page)
    choose(page, "id_acknowledge")
    page.get_by_role("button", name="Submit report").click()
    page.wait_for_url("**/report/done/")

    report = Report.objects.get()
    expect(page.get_by_text(report.reference)).to_be_visible()
    assert report.attachments.get().original_name == "bike.jpg"
    assert_accessible(page)

    services.request_info(report, actor=make_staff(REPORT_TAKERS), body="Which rack was it?")
    # On another browser, the emailed link asks before it opens the report.
    link = re.search(r"http://[^/\s]+(/report/status/link/\S+/)", mail.outbox[0].body).group(1)
    page.context.clear_cookies()
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Open my report").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Which rack was it?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your answer").fill("The one by the library.")
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Your answer was sent to the City.")).to_be_visible()

    report = services.accept(report, actor=make_staff(REPORT_TAKERS, username="taker2"))
    page.reload()
    expect(page.get_by_text(report.case_number).first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add information, items or files").click()
    assert_accessible(page)
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Withdraw this report").click()
    assert_accessible(page)
    page.get_by_role("link", name="Keep my report").click()

    page.get_by_role("button", name="Sign out of my report on this browser").click()
    expect(page.get_by_text("You are signed out of your reports on this browser.")).to_be_visible()
    page.goto(f"/report/status/{report.reference}/")
    expect(page.get_by_role("heading", name="Check on your report")).to_be_visible()

    # The link was spent: it now says so and offers the look-up.
    page.goto(link)
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("prefix", ["", "es/", "so/", "hmn/"])
def test_resident_pages_are_accessible_in_each_language(page, assert_accessible, prefix):
    for path in ["report/", "report/screening/", "report/screening/parking/", "report/status/"]:
        page.goto(f"/{prefix}{path}")
        assert_accessible(page)


def test_the_screening_and_an_exit_work_without_javascript(page_without_js):
    page_without_js.goto("/report/screening/")
    choose(page_without_js, "id_danger_0")
    page_without_js.get_by_role("button", name="Continue").click()

    expect(page_without_js.get_by_role("heading", name="Please fix the following")).to_be_visible()

    for question in ["injury", "weapon", "suspect", "vehicle", "parking", "city_property"]:
        choose(page_without_js, f"id_{question}_1")
    choose(page_without_js, "id_in_minneapolis_0")
    page_without_js.get_by_role("button", name="Continue").click()

    expect(page_without_js.get_by_role("heading", name="Call 911 now")).to_be_visible()


def test_the_rate_limit_page_is_accessible(page, assert_accessible, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "lookup", (0, 3600))
    page.goto("/report/status/")
    by_email = page.get_by_role("form", name="With the email address you gave")
    by_email.get_by_label("Reference number").fill("R-2026-000001")
    by_email.get_by_label("The email address you gave").fill("alex@example.org")

    by_email.get_by_role("button", name="Email me a link").click()

    expect(page.get_by_role("heading", name="Please wait a while")).to_be_visible()
    assert_accessible(page)


def test_the_look_up_answers_with_an_accessible_check_your_email_page(page, assert_accessible):
    page.goto("/report/status/")
    by_email = page.get_by_role("form", name="With the email address you gave")
    by_email.get_by_label("Reference number").fill("R-2026-000001")
    by_email.get_by_label("The email address you gave").fill("alex@example.org")

    by_email.get_by_role("button", name="Email me a link").click()

    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)


QUESTION = "Which rack was it?\nThe one by the library, or the one by the bus stop?"
ANSWER = "By the library.\nNear the side door."
# How staff bring a report to each state its resident may find it in; the last has a message
# from each side.
STATES = {
    "needs-info": lambda report, staff: services.request_info(report, actor=staff, body=QUESTION),
    "accepted": lambda report, staff: services.accept(report, actor=staff),
    "referred": lambda report, staff: services.refer(report, actor=staff, reason=make_reason(action="refer")),
    "declined": lambda report, staff: services.decline(
        report, actor=staff, reason=make_reason(action="decline")
    ),
    "closed": lambda report, staff: services.close(report, actor=staff),
    "submitted": lambda report, staff: services.answer_info_request(
        services.request_info(report, actor=staff, body=QUESTION), body=ANSWER
    ),
}


@pytest.mark.parametrize("language", ["en", "so"])
def test_the_status_page_in_each_state_shows_the_messages_as_written(page, language):
    staff = make_staff(REPORT_TAKERS)
    prefix = "" if language == "en" else f"{language}/"
    with translation.override(language):
        open_it, from_the_city, from_you = (
            gettext("Open my report"),
            gettext("From the City"),
            gettext("From you"),
        )
    page.goto(f"/{prefix}report/status/")
    screenshot(page, f"resident/{language}/11-look-up")

    for state, bring_to in STATES.items():
        report, token = make_report(language=language)
        bring_to(report, staff)
        page.goto(f"/{prefix}report/status/link/{token}/")
        page.get_by_role("button", name=open_it).click()
        expect(page.get_by_role("heading", name=re.compile(report.reference)).first).to_be_visible()
        screenshot(page, f"resident/{language}/status-{state}")

    # The last: each message keeps its lines, in a box of its own, and the resident's own look
    # unlike the City's.
    city = page.locator(".site-message", has_text=from_the_city)
    theirs = page.locator(".site-message", has_text=from_you)
    assert QUESTION in city.inner_text()
    assert ANSWER in theirs.inner_text()
    border = "element => getComputedStyle(element).borderLeftColor"
    assert city.evaluate(border) != theirs.evaluate(border)
    above, below = city.bounding_box(), theirs.bounding_box()
    assert above["y"] + above["height"] < below["y"], "the two messages run together"

    # Printed, the page is the report alone: no header, buttons or forms.
    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_have_count(0)
    expect(page.get_by_role("button")).to_have_count(0)
    expect(city).to_be_visible()
    screenshot(page, f"resident/{language}/status-submitted-printed")


ADDING = {
    "": {
        "open": "Open my report",
        "kind": ("Kind of item", "Bicycle or scooter"),
        "description": "Description",
        "note": "Anything to add (optional)",
        "send": "Send",
        "wait": "Please wait a while",
        "tomorrow": "Please try again tomorrow.",
    },
    "so/": {
        "open": "Fur warbixintayda",
        "kind": ("Nooca alaabta", "Baaskiil ama iskuutar"),
        "description": "Sharaxaad",
        "note": "Wax aad ku darayso (ikhtiyaari)",
        "send": "Dir",
        "wait": "Fadlan sug wax yar",
        "tomorrow": "Fadlan isku day mar kale berri.",
    },
}


@pytest.mark.parametrize("prefix", ADDING)
def test_a_report_given_many_additions_in_a_day_asks_to_wait_until_tomorrow(
    page, assert_accessible, monkeypatch, tmp_path, prefix
):
    words = ADDING[prefix]
    monkeypatch.setitem(ratelimit.REPORT_LIMITS, "add", (1, 86400))
    report, token = make_report()
    page.goto(f"/{prefix}report/status/link/{token}/")
    page.get_by_role("button", name=words["open"]).click()
    page.wait_for_url(f"**/report/status/{report.reference}/")

    def add(note):
        page.goto(f"/{prefix}report/status/{report.reference}/add/")
        page.get_by_label(words["kind"][0]).select_option(label=words["kind"][1])
        page.get_by_label(words["description"]).fill("Red bicycle bell")
        page.get_by_label(words["note"]).fill(note)
        page.get_by_role("button", name=words["send"]).click()

    add("The lock was cut.")
    page.wait_for_url(f"**/report/status/{report.reference}/")
    add("And the bell is gone.")

    expect(page.get_by_role("heading", name=words["wait"])).to_be_visible()
    expect(page.get_by_text(words["tomorrow"])).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "wait-until-tomorrow.png", full_page=True)
    assert [message.body for message in report.messages.all()] == ["The lock was cut."]
