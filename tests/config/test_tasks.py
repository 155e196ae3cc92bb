"""Background work through django-tasks' database backend and its worker, as in production: emails
wait in the queue while the mail server refuses them and go out when it accepts, failing tasks are
tried again later, Supervisors see and retry what keeps failing, and the scheduled jobs queue
their tasks and do no harm when run twice."""

import datetime
import re
from importlib import import_module
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from PIL import Image

from accounts.roles import REPORT_TAKERS, sync_roles
from background.retries import retry_delay
from harness.answers import SCREENING_CLEAR
from reporting import emails, services
from reporting.models import Attachment, PendingUpload, Report
from tests.factories import make_reason, make_report, make_staff
from tests.reporting.conftest import fill_in_every_step, jpeg_bytes, upload

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
EMAIL_TASK = "reporting.emails.tell_resident"


@pytest.fixture(autouse=True)
def _roles(db):
    # Another transactional test's flush may have removed the groups the migrations made.
    sync_roles(apps)


@pytest.fixture
def queued(settings):
    """Tasks go to the database queue, as in production, and wait for `run_worker`."""
    settings.TASKS = DATABASE_TASKS


def run_worker() -> None:
    """`manage.py db_worker --batch`: run every task that is due, then stop."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def email_tasks():
    return DBTaskResult.objects.filter(task_path=EMAIL_TASK)


@pytest.mark.django_db(transaction=True)
def test_a_report_is_confirmed_while_mail_is_refused_and_its_email_goes_out_once_mail_is_back(
    client, queued, mail_server
):
    client.post("/report/screening/", SCREENING_CLEAR)
    fill_in_every_step(client)

    response = client.post("/report/new/review/", {"acknowledge": "on"}, follow=True)

    report = Report.objects.get()
    assert response.status_code == 200
    assert report.reference in response.content.decode()
    run_worker()
    [waiting] = email_tasks()
    assert mail_server.received == []
    assert waiting.status == TaskResultStatus.READY
    assert waiting.exception_class_path == "smtplib.SMTPRecipientsRefused"
    assert waiting.run_after > timezone.now()

    mail_server.refusing = False
    with time_machine.travel(waiting.run_after + datetime.timedelta(seconds=1)):
        run_worker()

    [sent] = mail_server.received
    assert report.reference in sent["Subject"]
    assert sent["To"] == report.email
    assert email_tasks().get().status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_waits_longer_after_each_failure_then_stays_failed(queued, mail_server, settings):
    settings.TASKS_MAX_ATTEMPTS = 3
    make_report()
    waits = []
    for _attempt in range(3):
        task = email_tasks().get()
        with time_machine.travel(task.run_after + datetime.timedelta(seconds=1)):
            started = timezone.now()
            run_worker()
        task.refresh_from_db()
        if task.status == TaskResultStatus.READY:
            waits.append(task.run_after - started)

    assert [round(wait.total_seconds() / 60) for wait in waits] == [1, 2]
    assert retry_delay(1) == datetime.timedelta(minutes=1)
    assert task.status == TaskResultStatus.FAILED
    assert len(task.worker_ids) == 3
    assert "Not accepting mail now" in task.traceback
    assert mail_server.received == []


@pytest.mark.django_db
def test_the_look_up_queues_one_task_and_sends_nothing_whether_or_not_a_report_matched(queued, mailoutbox):
    report, _token = make_report(email="alex@example.org")
    DBTaskResult.objects.all().delete()

    def look_up(client_email):
        with CaptureQueriesContext(connection) as queries:
            services.send_access_link(report.reference, client_email)
        return [query["sql"].split(" ")[0] for query in queries]

    matched = look_up("Alex@example.org")
    unmatched = look_up("someone@example.org")

    # The same statements either way: the look-up of the report's id, one insert into the queue.
    assert matched == unmatched == ["SELECT", "INSERT"]
    assert mailoutbox == []
    tasks = DBTaskResult.objects.filter(task_path="reporting.emails.email_access_link").order_by(
        "enqueued_at"
    )
    # The queue holds the report's id, or nothing when none matched; never the address typed.
    assert [task.args_kwargs for task in tasks] == [
        {"args": [report.pk], "kwargs": {}},
        {"args": [None], "kwargs": {}},
    ]


@pytest.mark.django_db(transaction=True)
def test_the_look_up_email_goes_out_from_the_worker_only_for_the_matching_address(client, queued, mailoutbox):
    report, _token = make_report(email="alex@example.org")
    run_worker()
    mailoutbox.clear()

    client.post("/report/status/", {"reference": report.reference, "email": "alex@example.org"})
    client.post("/report/status/", {"reference": report.reference, "email": "someone@example.org"})
    assert mailoutbox == []
    run_worker()

    [sent] = mailoutbox
    assert sent.to == ["alex@example.org"]
    assert re.search(r"/report/status/link/[\w-]+/", sent.body)


@pytest.mark.django_db(transaction=True)
def test_the_note_of_a_decline_reaches_the_resident_and_stays_out_of_the_queue(queued, mailoutbox):
    report, _token = make_report(email="alex@example.org")
    staff = make_staff(REPORT_TAKERS, username="queue-taker")
    reason = make_reason(action="decline")
    run_worker()
    mailoutbox.clear()

    services.decline(report, actor=staff, reason=reason, note="Call Sam at the front desk.")

    [task] = email_tasks().filter(args_kwargs__args__1="decline")
    assert "Call Sam" not in str(task.args_kwargs)
    run_worker()
    [sent] = mailoutbox
    assert "Call Sam at the front desk." in sent.body
    assert "Call Sam at the front desk." in report.messages.get().body


# Pictures: the request checks them, the worker makes their viewing copies.


def post_photo(client):
    client.post("/report/screening/", SCREENING_CLEAR)
    photo = upload(content=jpeg_bytes(size=(2400, 1800), gps=True))
    response = client.post("/report/new/files/", {"files": [photo], "action": "upload"})
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_an_uploaded_pictures_viewing_copy(client, queued):
    post_photo(client)

    assert not PendingUpload.objects.get().viewing_copy
    run_worker()

    kept = PendingUpload.objects.get()
    with kept.viewing_copy.open("rb") as copy, Image.open(copy) as viewing:
        assert viewing.size == (1600, 1200)
        assert not viewing.getexif()


@pytest.mark.django_db(transaction=True)
def test_a_report_submitted_before_the_worker_ran_gets_its_viewing_copy_all_the_same(client, queued):
    post_photo(client)
    fill_in_every_step(client)
    client.post("/report/new/review/", {"acknowledge": "on"})
    assert not Attachment.objects.get().viewing_copy

    run_worker()

    attachment = Attachment.objects.get()
    assert attachment.viewing_copy
    assert not PendingUpload.objects.exists()
    # The draft's own task found its upload gone and made nothing; running again does nothing.
    copies = DBTaskResult.objects.filter(task_path="reporting.files.make_viewing_copy")
    assert sorted(task.return_value for task in copies) == [False, True]


# The scheduled jobs: the commands that cron runs queue a task for the worker.


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_command_queues_its_job_for_the_worker(queued, mailoutbox):
    report, _token = make_report()
    services.request_info(report, actor=make_staff(REPORT_TAKERS), body="Which rack?")
    Report.objects.filter(pk=report.pk).update(
        info_requested_until=timezone.now() - datetime.timedelta(days=1)
    )
    out = StringIO()

    call_command("close_overdue_info_requests", stdout=out)

    assert out.getvalue().startswith("Queued close_overdue_info_requests as task ")
    assert Report.objects.get(pk=report.pk).status == Report.Status.NEEDS_INFO
    run_worker()
    assert Report.objects.get(pk=report.pk).status == Report.Status.CLOSED
    job = DBTaskResult.objects.get(task_path="reporting.tasks.close_overdue_info_requests")
    assert job.return_value == "Closed 1 report(s) waiting past their deadline."


@pytest.mark.django_db
def test_closing_overdue_requests_twice_closes_and_emails_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    report, _token = make_report()
    services.request_info(report, actor=make_staff(REPORT_TAKERS), body="Which rack?")
    Report.objects.filter(pk=report.pk).update(
        info_requested_until=timezone.now() - datetime.timedelta(days=1)
    )
    first, second = StringIO(), StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("close_overdue_info_requests", stdout=first)
        call_command("close_overdue_info_requests", stdout=second)

    assert first.getvalue().strip() == "Closed 1 report(s) waiting past their deadline."
    assert second.getvalue().strip() == "Closed 0 report(s) waiting past their deadline."
    assert [sent.to for sent in mailoutbox] == [["alex@example.org"]]
    assert report.history.filter(to_status=Report.Status.CLOSED).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "nothing_left"),
    [
        (
            "clean_pending_uploads",
            "Removed 0 expired session(s), 0 abandoned upload(s), 0 expired access link(s), 0 "
            "expired hold(s) of a visit's time and 0 expired rate-limit counter(s).",
        ),
        ("clean_import_previews", "Removed 0 unconfirmed import preview(s)."),
        (
            "apply_retention_schedule",
            "Did delete 0 report(s) and remove the contact details of 0; kept 0 holding evidence.",
        ),
    ],
)
def test_the_cleanup_jobs_find_nothing_left_to_do_when_run_again(command, nothing_left):
    call_command(command, stdout=StringIO())
    again = StringIO()

    call_command(command, stdout=again)

    assert again.getvalue().strip().splitlines()[-1] == nothing_left


# The task queue in the admin: Supervisors only.

TASKS_URL = "/admin/django_tasks_database/dbtaskresult/"


@pytest.fixture
def failed_task(queued, settings, mail_server):
    settings.TASKS_MAX_ATTEMPTS = 1
    make_report()
    run_worker()
    task = email_tasks().get()
    assert task.status == TaskResultStatus.FAILED
    return task


@pytest.mark.django_db(transaction=True)
def test_supervisors_see_a_failed_task_with_its_error(supervisor, failed_task):
    listing = supervisor.get(f"{TASKS_URL}?status__exact=FAILED")
    page = supervisor.get(f"{TASKS_URL}{failed_task.pk}/change/")

    assert listing.status_code == 200
    assert "tell_resident" in listing.content.decode()
    assert "smtplib.SMTPRecipientsRefused" in listing.content.decode()
    assert page.status_code == 200
    assert "Not accepting mail now" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_supervisors_can_run_a_failed_task_again_and_it_goes_out(supervisor, failed_task, mail_server):
    response = supervisor.post(
        TASKS_URL, {"action": "retry", "_selected_action": [str(failed_task.pk)]}, follow=True
    )

    assert response.status_code == 200
    assert "1 failed task queued again." in response.content.decode()
    failed_task.refresh_from_db()
    assert failed_task.status == TaskResultStatus.READY
    mail_server.refusing = False
    run_worker()
    assert len(mail_server.received) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", ["report_taker", "opi_staff", "staff_without_group"])
def test_other_staff_neither_see_nor_retry_tasks(request, persona, failed_task):
    client = request.getfixturevalue(persona)

    assert client.get(TASKS_URL).status_code == 403
    assert client.get(f"{TASKS_URL}{failed_task.pk}/change/").status_code == 403
    response = client.post(TASKS_URL, {"action": "retry", "_selected_action": [str(failed_task.pk)]})
    assert response.status_code == 403
    failed_task.refresh_from_db()
    assert failed_task.status == TaskResultStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_anonymous_visitors_are_sent_to_sign_in(anonymous, failed_task):
    response = anonymous.get(TASKS_URL)

    assert response.status_code == 302
    assert "/login/" in response.url


@pytest.mark.django_db(transaction=True)
def test_nobody_edits_or_deletes_a_task_in_the_admin(supervisor, failed_task):
    page = supervisor.get(f"{TASKS_URL}{failed_task.pk}/change/").content.decode()

    assert 'name="_save"' not in page
    assert supervisor.post(f"{TASKS_URL}{failed_task.pk}/delete/").status_code == 403
    assert supervisor.get(f"{TASKS_URL}add/").status_code == 403


def left_running_by_a_stopped_worker(minutes_ago: int) -> DBTaskResult:
    """The queued email, claimed by a worker as it starts a task, and never finished: the worker
    was killed at that moment."""
    task = email_tasks().get()
    with time_machine.travel(timezone.now() - datetime.timedelta(minutes=minutes_ago)):
        task.claim("worker-that-was-killed")
    return task


@pytest.mark.django_db(transaction=True)
def test_an_email_a_stopped_worker_left_running_goes_out_once_the_command_queues_it_again(
    queued, mail_server, settings
):
    mail_server.refusing = False
    report, _token = make_report()
    task = left_running_by_a_stopped_worker(minutes_ago=settings.TASKS_STALLED_MINUTES + 1)
    run_worker()
    assert mail_server.received == []  # a running task is not taken by another worker

    output = StringIO()
    call_command("requeue_stalled_tasks", stdout=output)
    run_worker()

    assert "Queued 1 stalled task(s) again; 0 had had all their tries" in output.getvalue()
    assert [sent["To"] for sent in mail_server.received] == [report.email]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["worker-that-was-killed", "test-worker"]


@pytest.mark.django_db(transaction=True)
def test_a_task_still_within_its_time_is_left_to_its_worker(queued, settings):
    make_report()
    task = left_running_by_a_stopped_worker(minutes_ago=settings.TASKS_STALLED_MINUTES - 5)

    call_command("requeue_stalled_tasks", stdout=StringIO())

    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


@pytest.mark.django_db(transaction=True)
def test_a_stalled_task_that_had_all_its_tries_fails_where_supervisors_see_it(queued, settings, supervisor):
    settings.TASKS_MAX_ATTEMPTS = 1
    make_report()
    task = left_running_by_a_stopped_worker(minutes_ago=settings.TASKS_STALLED_MINUTES + 1)

    call_command("requeue_stalled_tasks", stdout=StringIO())

    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert "WorkerStopped" in task.traceback
    page = supervisor.get(f"{TASKS_URL}{task.pk}/change/").content.decode()
    assert "The worker stopped while running it" in page


@pytest.mark.django_db(transaction=True)
def test_a_report_and_the_tasks_that_tell_of_it_are_saved_together_or_not_at_all(
    queued, django_capture_on_commit_callbacks
):
    """The queue is in the same database: its rows are written in the report's own transaction,
    so no process dying just after the commit can lose the email, and a rolled-back report leaves
    no email behind."""

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        make_report()
        assert email_tasks().count() == 1
        raise Abandoned
    assert not Report.objects.exists()
    assert not DBTaskResult.objects.exists()

    with django_capture_on_commit_callbacks() as callbacks:
        report, _token = make_report()
    assert callbacks == []  # nothing left to do after the commit
    assert email_tasks().get().args_kwargs["args"][0] == report.pk
    assert DBTaskResult.objects.filter(task_path="reporting.emails.notify_report_takers").count() == 1


@pytest.mark.django_db
def test_tasks_queued_with_an_address_or_a_note_are_rewritten_to_hold_ids_at_their_new_paths(queued):
    report, _token = make_report(email="alex@example.org")
    reason = make_reason(action="decline")
    DBTaskResult.objects.all().delete()
    emails.email_access_link.enqueue(report.reference, "Alex@example.org")
    emails.email_access_link.enqueue(report.reference, "someone@example.org")
    emails.tell_resident.enqueue(report.pk, "decline", reason_id=reason.pk, note="Call Sam.")
    # As they were queued before either migration: with what was typed, from reporting/tasks.py.
    old_paths = import_module("background.migrations.0003_task_paths_beside_their_code").move_back
    old_paths(apps, None)

    import_module("background.migrations.0002_task_arguments_hold_ids").hold_ids(apps, None)
    import_module("background.migrations.0003_task_paths_beside_their_code").move(apps, None)

    lookups = DBTaskResult.objects.filter(task_path="reporting.emails.email_access_link")
    assert [task.args_kwargs for task in lookups.order_by("enqueued_at")] == [
        {"args": [report.pk], "kwargs": {}},
        {"args": [None], "kwargs": {}},
    ]
    message = report.messages.get()
    assert message.body == "Call Sam."
    assert email_tasks().get().args_kwargs == {
        "args": [report.pk, "decline"],
        "kwargs": {"reason_id": reason.pk, "message_id": message.pk},
    }
