"""The retention schedule removes a resident's name, contact details and addresses wherever they
were copied: after it runs, no text or JSON column of any table holds them, nor does any session."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reporting import retention, services
from reporting.models import AccessRecord, ExportRecord, Report
from tests.factories import make_report

pytestmark = pytest.mark.django_db

RESIDENT = {
    "full_name": "Mai Xiong Vang",
    "email": "mai.vang@example.org",
    "phone": "612-555-0142",
    "home_address": "2200 Bloomington Ave",
    "address": "1500 Hiawatha Ave",
}
# A staff search for the street where it happened: beside the report it listed, it locates her.
STREET = "Hiawatha Ave"
QUEUE_URL = reverse("admin:reporting_report_changelist")


@pytest.fixture(autouse=True)
def _queued(settings):
    """Tasks stay in the database queue, as in production, so their rows are there to search."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.RETENTION_DELETE_ENDED_DAYS = 0
    settings.RETENTION_ANONYMISE_CLOSED_DAYS = 0


def text_columns() -> list[tuple[str, str]]:
    """Every text, character and JSON column of every table."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name
            FROM information_schema.columns c
            JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
            """
        )
        return cursor.fetchall()


def where_found(needles: list[str]) -> list[str]:
    """Each table.column, or session, holding one of the needles, in any case."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for needle in needles:
                # The names come from the database's own catalogue, quoted; the needle is a parameter.
                query = f"SELECT count(*) FROM {quote(table)} WHERE {quote(column)}::text ILIKE %s"  # noqa: S608
                cursor.execute(query, [f"%{needle}%"])
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column}: {needle}")
    for session in Session.objects.all():
        decoded = str(session.get_decoded()).casefold()
        found += [f"session: {needle}" for needle in needles if needle.casefold() in decoded]
    return found


def worked_on(report: Report, supervisor) -> None:
    """What staff and the resident do that copies her details: searches of the queue by name and
    street, an export of a search, a visit to her home, a message greeting her, a look-up by email,
    a draft she left unfinished."""
    staff = supervisor.user
    services.assign(report, actor=staff, assignee=staff)
    services.schedule_visit(
        report,
        actor=staff,
        date=timezone.localdate() + datetime.timedelta(days=1),
        window_start=datetime.time(9),
        window_end=datetime.time(11),
        staff=staff,
        place=RESIDENT["home_address"],
    )
    greeting = f"Hello {RESIDENT['full_name']}, we will call you at {RESIDENT['phone']}."
    services.send_message(report, actor=staff, body=greeting)
    services.send_access_link(report.reference, RESIDENT["email"].upper())
    assert supervisor.get(QUEUE_URL, {"q": RESIDENT["full_name"]}).status_code == 200
    assert supervisor.get(QUEUE_URL, {"q": STREET}).status_code == 200
    export = supervisor.post(
        f"{QUEUE_URL}?q={STREET.replace(' ', '+')}",
        {"action": "export_csv_with_personal_data", "_selected_action": [report.pk]},
    )
    assert RESIDENT["full_name"] in b"".join(export.streaming_content).decode()
    draft = SessionStore()
    draft["reporting_draft"] = {"about": {"full_name": RESIDENT["full_name"], "email": RESIDENT["email"]}}
    draft.create()
    Session.objects.filter(pk=draft.session_key).update(expire_date=timezone.now())


def withdrawn(supervisor) -> Report:
    report, _token = make_report(**RESIDENT)
    worked_on(report, supervisor)
    return services.withdraw(report, reason=f"Found it at {RESIDENT['address']}")


def closed(supervisor) -> Report:
    report, _token = make_report(**RESIDENT, narrative=f"Taken from my porch at {RESIDENT['home_address']}.")
    services.accept(report, actor=supervisor.user)
    worked_on(report, supervisor)
    return services.close(report, actor=supervisor.user, note="Visited 2200 Bloomington Ave; item not found.")


@pytest.mark.parametrize("ended", [withdrawn, closed], ids=["deleted", "anonymised"])
def test_after_the_schedule_no_table_holds_the_residents_name_contact_details_or_addresses(ended, supervisor):
    report = ended(supervisor)
    needles = [*RESIDENT.values(), Report.objects.get(pk=report.pk).phone, STREET]
    assert where_found(needles), "the details are copied before the schedule runs"
    assert DBTaskResult.objects.exists() and ExportRecord.objects.exists()

    retention.apply_schedule()

    assert where_found(needles) == []


def test_the_records_of_searches_keep_who_searched_and_what_they_listed_with_the_words_hashed(supervisor):
    report = closed(supervisor)
    searches = AccessRecord.objects.filter(kind="queue").order_by("pk")
    assert [record.search for record in searches] == [RESIDENT["full_name"], STREET]

    retention.apply_schedule()

    records = list(searches.all())
    hashed = [record.search for record in records]
    assert all(search.startswith("hash:") for search in hashed) and hashed[0] != hashed[1]
    assert all(record.report_ids == [report.pk] and record.staff == supervisor.user for record in records)
    # The same words, in any case and spacing, give the same hash: an audit can still check them.
    assert retention.search_hash(f" {STREET.upper()} ") == hashed[1]


def test_a_place_staff_corrected_away_from_goes_with_the_rest(supervisor):
    # The resident first wrote a wrong address, staff corrected it, and she repeated the wrong one
    # in her account: the corrected-away address locates her as well as the right one.
    wrong = "1234 Nowhere Blvd"
    report, _token = make_report(
        **{**RESIDENT, "address": wrong}, narrative=f"My bike was taken near {wrong}, I think."
    )
    services.accept(report, actor=supervisor.user)
    services.correct_report(
        report,
        actor=supervisor.user,
        reason="She wrote where it really was.",
        report_changes={"address": RESIDENT["address"]},
        item_changes={},
    )
    services.close(report, actor=supervisor.user)
    assert where_found([wrong])

    retention.apply_schedule()

    assert where_found([wrong, RESIDENT["address"]]) == []
