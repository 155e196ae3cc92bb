"""The translation queue: what was added or changed in English since its Spanish, Somali and Hmong
were saved, kept by a database trigger whatever made the change; marking a translation reviewed;
the public page's notice agreeing with the queue; and the queue's page for each staff role."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from harness.staff import sign_in
from pilots.models import CouncilUpdate, Goal
from publicsite.cache import forget_content_version
from publicsite.fallback import shown_in_english
from publicsite.models import NothingToReview, TranslationStatus
from publicsite.translation_queue import TRIGGER_NAME, other_languages, translated_fields
from tests.factories import make_council_update, make_goal, make_reason, make_staff

pytestmark = pytest.mark.django_db

State = TranslationStatus.State
QUEUE = reverse("admin:translation-queue")
SOMALI_NOTICE = "Qayb ka mid ah boggan weli lama turjumin"


def status(obj, field: str, language: str) -> TranslationStatus:
    return TranslationStatus.objects.with_state().get(
        content_table=obj._meta.db_table, object_id=obj.pk, field=field, language=language
    )


def rows_of(obj, **filters):
    return TranslationStatus.objects.filter(content_table=obj._meta.db_table, object_id=obj.pk, **filters)


def states(obj, field: str) -> dict[str, str]:
    return {language: status(obj, field, language).state for language in other_languages()}


def reviewed_url(row: TranslationStatus) -> str:
    return reverse("admin:translation-reviewed", args=[row.pk])


# What the trigger keeps


def test_every_translated_field_of_every_table_is_tracked_in_every_language():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgargs FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s",
            [TRIGGER_NAME],
        )
        tracked = {}
        for table, arguments in cursor.fetchall():
            languages, *fields = bytes(arguments).decode().rstrip("\x00").split("\x00")
            assert languages.split(",") == other_languages()
            tracked[table] = sorted(fields)

    assert tracked == translated_fields(), (
        "a translated field is not tracked: add a publicsite migration that calls "
        "translation_queue.track_translations for its table with every translated field"
    )


def test_content_added_in_english_only_waits_in_every_language_for_its_text_fields():
    update = make_council_update(title="Crisis teams, first quarter")

    assert states(update, "title") == {"es": State.MISSING, "so": State.MISSING, "hmn": State.MISSING}
    assert status(update, "title", "so").english == "Crisis teams, first quarter"
    # An empty English field has nothing to translate.
    assert not rows_of(update, field="summary").exists()


def test_a_translation_saved_after_the_english_waits_only_for_its_review():
    update = make_council_update(title="Crisis teams")
    update.title_so = "Kooxaha xasuuqa"
    update.save()

    assert states(update, "title") == {"es": State.MISSING, "so": State.UNREVIEWED, "hmn": State.MISSING}


def test_an_english_change_puts_a_current_translation_back_even_through_a_bulk_update():
    update = make_council_update(title="Crisis teams", title_so="Kooxaha")
    status(update, "title", "so").mark_reviewed(make_staff("OPI staff"))
    assert status(update, "title", "so").state == ""

    CouncilUpdate.objects.filter(pk=update.pk).update(title="Crisis teams, corrected")

    row = status(update, "title", "so")
    assert row.state == State.OLDER
    assert row.english == "Crisis teams, corrected"
    assert row.since == row.english_changed_at


def test_a_bulk_create_and_a_bulk_update_are_tracked_too():
    program = make_goal().program
    (goal,) = Goal.objects.bulk_create([Goal(program=program, text="Answer calls", text_es="Responder")])
    assert states(goal, "text") == {"es": State.UNREVIEWED, "so": State.MISSING, "hmn": State.MISSING}

    goal.text_hmn = "Teb xov tooj"
    Goal.objects.bulk_update([goal], ["text_hmn"])

    assert states(goal, "text") == {"es": State.UNREVIEWED, "so": State.MISSING, "hmn": State.UNREVIEWED}


def test_english_emptied_or_content_deleted_leaves_nothing_to_translate():
    update = make_council_update(title="Crisis teams", summary="What was presented.")
    update.summary = ""
    update.save()
    assert not rows_of(update, field="summary").exists()

    update.delete()

    assert not TranslationStatus.objects.filter(
        content_table="pilots_councilupdate", object_id=update.pk
    ).exists()


def test_content_translated_before_the_queue_began_waits_for_nothing():
    # The seeded content: every field of it has every translation (test_translation_fallback.py).
    assert not TranslationStatus.objects.waiting().filter(english_changed_at__isnull=True).exists()
    assert TranslationStatus.objects.filter(english_changed_at__isnull=True).count() > 500


# Reviews


def test_a_review_confirms_an_unchanged_translation_until_the_english_changes_again():
    reviewer = make_staff("OPI staff", username="reviewer")
    update = make_council_update(title="Crisis teams", title_so="Kooxaha")
    CouncilUpdate.objects.filter(pk=update.pk).update(title="Crisis teams.")

    status(update, "title", "so").mark_reviewed(reviewer)

    row = status(update, "title", "so")
    assert row.state == ""
    assert row.reviewed_by == reviewer
    assert row.reviewed_at > row.english_changed_at
    update.refresh_from_db()
    update.title = "Crisis response teams"
    update.save()
    assert status(update, "title", "so").state == State.OLDER


def test_a_translation_changed_after_its_review_waits_for_review_again():
    update = make_council_update(title="Crisis teams", title_so="Kooxaha")
    status(update, "title", "so").mark_reviewed(make_staff("OPI staff"))

    CouncilUpdate.objects.filter(pk=update.pk).update(title_so="Kooxaha xasuuqa")

    assert status(update, "title", "so").state == State.UNREVIEWED


def test_a_missing_translation_cannot_be_marked_reviewed():
    update = make_council_update(title="Crisis teams")

    with pytest.raises(NothingToReview):
        status(update, "title", "so").mark_reviewed(make_staff("OPI staff"))

    assert status(update, "title", "so").reviewed_at is None


# The public page's notice and the queue


@pytest.mark.parametrize("language", ["es", "so", "hmn"])
def test_the_notice_shows_exactly_what_the_queue_lists_as_not_translated(language):
    translated = make_council_update(
        title="Translated", **{f"title_{language}": "Turjuman", "summary": "Text."}
    )
    english_only = make_council_update(title="English only", summary="Text.")
    goal = make_goal(text="A goal")
    for obj in (translated, english_only, goal):
        for row in rows_of(obj, language=language).with_state():
            with translation.override(language):
                assert shown_in_english(obj, row.field) == (row.state == State.MISSING), (obj, row.field)


def test_the_somali_page_keeps_its_notice_until_the_somali_is_saved(client):
    update = make_council_update(title="Crisis teams", summary="What was presented.")
    page = reverse("publicsite:update", args=[update.pk]).replace("/updates/", "/so/updates/", 1)
    assert SOMALI_NOTICE in client.get(page).content.decode()
    assert set(states(update, "title").values()) == {State.MISSING}

    update.title_so = "Kooxaha"
    update.summary_so = "Waxa la soo bandhigay."
    update.save()
    forget_content_version()  # as the admin's POST does

    html = client.get(page).content.decode()
    assert SOMALI_NOTICE not in html
    assert "Kooxaha" in html
    assert status(update, "title", "so").state == status(update, "summary", "so").state == State.UNREVIEWED


# The page, for each role


def test_anonymous_visitors_are_sent_to_sign_in(anonymous):
    update = make_council_update(title="Crisis teams", title_so="Kooxaha")

    assert anonymous.get(QUEUE)["Location"].startswith(reverse("admin:login"))
    response = anonymous.post(reviewed_url(status(update, "title", "so")))
    assert response["Location"].startswith(reverse("admin:login"))
    assert status(update, "title", "so").reviewed_at is None


@pytest.mark.parametrize("persona", ["staff_without_group", "report_taker"])
def test_staff_who_do_not_translate_cannot_see_the_queue_or_review(persona, request):
    client = request.getfixturevalue(persona)
    update = make_council_update(title="Crisis teams", title_so="Kooxaha")

    assert client.get(QUEUE).status_code == 403
    assert client.post(reviewed_url(status(update, "title", "so"))).status_code == 403
    assert status(update, "title", "so").reviewed_at is None
    assert "Translation queue" not in client.get(reverse("admin:index")).content.decode()


def test_opi_staff_reach_the_queue_from_the_admin_home_and_see_each_language(opi_staff):
    update = make_council_update(title="Crisis teams in the first quarter", title_es="Equipos")

    assert QUEUE in opi_staff.get(reverse("admin:index")).content.decode()
    spanish = opi_staff.get(QUEUE, {"language": "es"}).content.decode()
    somali = opi_staff.get(QUEUE, {"language": "so"}).content.decode()

    edit = reverse("admin:pilots_councilupdate_change", args=[update.pk])
    assert f'href="{edit}#id_title_so"' in somali
    assert "Crisis teams in the first quarter" in somali
    assert "Not translated" in somali
    assert "Saved, not reviewed" in spanish
    assert 'aria-current="page">Somali: 1 waiting' in somali


def test_opi_staff_see_the_pilots_content_and_supervisors_the_reporting_lists(opi_staff, supervisor):
    update = make_council_update(title="Crisis teams")
    reason = make_reason(explanation="Call Traffic Control.")

    opi_page = opi_staff.get(QUEUE, {"language": "hmn"}).content.decode()
    supervisor_page = supervisor.get(QUEUE, {"language": "hmn"}).content.decode()

    assert reverse("admin:pilots_councilupdate_change", args=[update.pk]) in opi_page
    assert reverse("admin:reporting_reason_change", args=[reason.pk]) not in opi_page
    assert reverse("admin:reporting_reason_change", args=[reason.pk]) in supervisor_page
    assert reverse("admin:pilots_councilupdate_change", args=[update.pk]) not in supervisor_page
    # Nor may Supervisors review what they may not change.
    assert supervisor.post(reviewed_url(status(update, "title", "hmn"))).status_code == 404


def test_content_edited_inline_links_to_the_page_that_edits_it(opi_staff):
    goal = make_goal(text="Answer crisis calls without police")

    html = opi_staff.get(QUEUE, {"language": "so"}).content.decode()

    assert f'href="{reverse("admin:pilots_program_change", args=[goal.program_id])}"' in html


def test_opi_staff_mark_a_translation_reviewed_and_see_who_and_when(opi_staff):
    update = make_council_update(title="Crisis teams", title_so="Kooxaha")

    response = opi_staff.post(reviewed_url(status(update, "title", "so")), follow=True)

    assert response.redirect_chain[-1][0] == f"{QUEUE}?language=so"
    html = response.content.decode()
    assert "The Somali title of this Council update is marked reviewed." in html
    assert f"by {opi_staff.user.get_full_name()}" in html
    assert status(update, "title", "so").reviewed_by.username == "opi-staff"
    assert "Kooxaha" not in html.split('id="recent-reviews"')[0]


def test_marking_a_missing_translation_reviewed_says_to_write_it_first(opi_staff):
    update = make_council_update(title="Crisis teams")

    response = opi_staff.post(reviewed_url(status(update, "title", "so")), follow=True)

    assert "The Somali title of this Council update has no text to review: write it first." in (
        response.content.decode()
    )
    assert status(update, "title", "so").state == State.MISSING


def test_marking_reviewed_needs_a_post_with_its_csrf_token(opi_staff):
    update = make_council_update(title="Crisis teams", title_so="Kooxaha")
    url = reviewed_url(status(update, "title", "so"))
    checked = Client(enforce_csrf_checks=True)
    sign_in(checked, opi_staff.user)

    assert opi_staff.get(url).status_code == 405
    assert checked.post(url).status_code == 403
    assert status(update, "title", "so").reviewed_at is None


@pytest.mark.parametrize(
    "query", [{"language": "xx"}, {"language": ["so", "es"]}, {"page": "many"}, {"page": "999"}]
)
def test_a_made_up_language_or_page_shows_a_page_not_an_error(opi_staff, query):
    assert opi_staff.get(QUEUE, query).status_code == 200


def test_the_queue_costs_the_same_queries_with_many_rows(opi_staff, django_assert_max_num_queries):
    def queries_for_page() -> int:
        with django_assert_max_num_queries(100) as captured:
            assert opi_staff.get(QUEUE, {"language": "so"}).status_code == 200
        return len(captured)

    make_goal()
    make_council_update(title="One", title_so="Kow")
    few = queries_for_page()
    for number in range(30):
        make_goal(text=f"Goal {number}")
        update = make_council_update(title=f"Update {number}", title_so="Cusboonaysiin")
        status(update, "title", "so").mark_reviewed(opi_staff.user)

    assert queries_for_page() == few
