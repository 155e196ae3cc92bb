"""The systemd units in deploy/: a timer for every scheduled job, units systemd accepts, and
services sandboxed as an unprivileged user, with gunicorn on no network address."""

import configparser
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from background.jobs import JobCommand
from tests.config.services import BASE_DIR, require_command

DEPLOY = BASE_DIR / "deploy"
# Scheduled jobs that are not JobCommands: requeue_stalled_tasks does its work itself, since the
# worker may be what stopped; prune_db_task_results is django-tasks-db's own command.
SCHEDULED_ELSEWHERE = {"requeue_stalled_tasks", "prune_db_task_results"}

NO_ANALYZE = "systemd-analyze is not installed: the units cannot be checked"


def scheduled_commands() -> set[str]:
    """Every management command that queues a scheduled job's task, and those above."""
    jobs = {
        name
        for name, app in get_commands().items()
        if isinstance(app, str) and isinstance(load_command_class(app, name), JobCommand)
    }
    return jobs | SCHEDULED_ELSEWHERE


def timed_commands() -> set[str]:
    """The commands the timers start: app-job@<command>.timer starts app-job@<command>.service."""
    timers = DEPLOY.glob("app-job@*.timer")
    return {timer.name.removeprefix("app-job@").removesuffix(".timer") for timer in timers}


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / name)
    return parser


def test_every_scheduled_job_has_a_timer_and_every_timer_a_command():
    commands = scheduled_commands()

    assert {"close_overdue_info_requests", "apply_retention_schedule", "send_visit_reminders"} <= commands
    assert timed_commands() == commands
    assert commands <= set(get_commands())


def test_the_file_for_the_police_records_system_is_written_daily_after_the_retention_schedule():
    timer = unit("app-job@export_for_records.timer")["Timer"]

    assert "export_for_records" in scheduled_commands()
    assert (timer["OnCalendar"], timer["Persistent"]) == ("*-*-* 05:10:00", "true")
    assert unit("app-job@apply_retention_schedule.timer")["Timer"]["OnCalendar"] < timer["OnCalendar"]


def test_gunicorn_listens_only_on_a_socket_nginx_opens():
    socket = unit("app-web.socket")["Socket"]
    web = unit("app-web.service")["Service"]

    assert socket["ListenStream"].startswith("/run/")  # a path: a Unix socket, no address
    assert (socket["SocketUser"], socket["SocketMode"]) == ("www-data", "0600")
    assert "--bind" not in web["ExecStart"]


@pytest.mark.process
def test_systemd_accepts_every_unit(tmp_path):
    """`systemd-analyze verify` on the units, with the release's folder where this checkout is, so
    the programs they start exist."""
    analyze = require_command("systemd-analyze", NO_ANALYZE)
    venv = str(Path(sys.executable).parent.parent)
    for shipped in DEPLOY.glob("app-*"):
        text = shipped.read_text().replace("/srv/app/.venv", venv).replace("/srv/app", str(BASE_DIR))
        (tmp_path / shipped.name).write_text(text)

    result = subprocess.run(
        [analyze, "verify", *sorted(str(path) for path in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize("service", ["app-web.service", "app-worker.service", "app-job@.service"])
@pytest.mark.process
def test_every_service_runs_sandboxed_as_the_unprivileged_app_user(service):
    analyze = require_command("systemd-analyze", NO_ANALYZE)
    assert unit(service)["Service"]["User"] == "app"

    # Exposure runs from 0 (fully sandboxed) to 10 (none); the services stand at 1.4. The
    # threshold is given in tenths.
    result = subprocess.run(
        [analyze, "security", "--offline=yes", "--threshold=20", str(DEPLOY / service)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-2000:]
