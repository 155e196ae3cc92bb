"""Residents filing reports through two outages: PostgreSQL restarted, then the mail server down.

Reuses benchmarks/submit_reports.py's residents and app server (gunicorn, 2 workers, production
settings, a database of its own). First phase: a third of the way in, the embedded PostgreSQL is
stopped, kept down for --down seconds, and started again with its own pg_ctl. Second phase: a new
app server whose mail goes to a local port nobody listens on. A resident who gets a 503 waits a
second and sends the same request again, as the page asks (for up to a minute); one who gets any
other error gives up. It prints, per phase, the 500s (must be 0) and 503s, how long residents saw
503s and how long after PostgreSQL was back the last one came, and at the end the reports lost
(confirmed but not stored) or duplicated (one resident's report stored twice), both must be 0.

    .venv/bin/python benchmarks/outage.py [--seconds 30] [--residents 8] [--down 2]

It restarts the embedded PostgreSQL of this checkout (.pgdata/), so run it while nothing else
uses that server (not during the tests); with DATABASE_URL set it refuses, as it cannot restart
another server.
"""

import argparse
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.submit_reports import (  # noqa: E402
    app_environment,
    create_database,
    drop_database,
    run_phase,
    stop_gunicorn,
    stored_reports,
)
from config import embedded_postgres  # noqa: E402
from harness.servers import free_port, start_gunicorn  # noqa: E402

# A resident who gets a 503 keeps trying this long before giving up.
PATIENCE_SECONDS = 60


def file_reports(port: int, options, first_address: int, during=None):
    """Residents filing for the phase's length; `during(started)` runs meanwhile, in this thread."""
    events, outcome = [], {}

    def residents():
        outcome["confirmed"], _timings, outcome["errors"], _elapsed = run_phase(
            port,
            options.residents,
            options.seconds,
            None,
            first_address,
            events=events,
            retry_unavailable_for=PATIENCE_SECONDS,
        )

    thread = threading.Thread(target=residents)
    started = time.monotonic()
    thread.start()
    window = during(started) if during else None
    thread.join()
    return outcome["confirmed"], outcome["errors"], events, window


def print_phase(label: str, confirmed: list, errors: list, events: list, window=None) -> Counter:
    statuses = Counter(status for _when, status in events)
    print(f"\n{label}: {len(confirmed)} reports confirmed, {len(events)} responses")
    print(
        f"  500s: {statuses[500]} (must be 0), 503s: {statuses[503]}, other 5xx: "
        f"{sum(count for status, count in statuses.items() if status >= 500 and status not in (500, 503))}"
    )
    unavailable = [when for when, status in events if status == 503]
    if window is not None:
        down_at, back_at = window
        print(f"  PostgreSQL stopped for {back_at - down_at:.1f} s")
        if unavailable:
            print(
                f"  503s for {max(unavailable) - min(unavailable):.1f} s; recovered "
                f"{max(0.0, max(unavailable) - back_at):.1f} s after PostgreSQL was back"
            )
        else:
            print("  no 503s: no request needed the database while it was down")
    for error in dict.fromkeys(errors[:5]):
        print(f"  error: {error}")
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="length of each phase")
    parser.add_argument("--residents", type=int, default=8, help="residents filing at the same time")
    parser.add_argument("--down", type=float, default=2, help="seconds PostgreSQL stays stopped")
    options = parser.parse_args()
    if "DATABASE_URL" in os.environ:
        raise SystemExit("outage.py restarts the embedded PostgreSQL: unset DATABASE_URL")

    database = embedded_postgres.server()
    maintenance_url, benchmark_url = create_database()
    media = tempfile.TemporaryDirectory(prefix="benchmark-media-")
    env = app_environment(benchmark_url, media.name)
    print(f"{options.residents} residents, {options.seconds:.0f} s per phase, gunicorn with 2 workers")

    def restart_database(started: float) -> tuple[float, float]:
        time.sleep(max(0.0, started + options.seconds / 3 - time.monotonic()))
        down_at = time.monotonic()
        embedded_postgres.stop(database)
        time.sleep(options.down)
        embedded_postgres.start(database)
        return down_at, time.monotonic()

    server, port = start_gunicorn(env)
    try:
        confirmed, errors, events, window = file_reports(port, options, 1, restart_database)
    finally:
        stop_gunicorn(server)
    totals = print_phase("PostgreSQL restarted", confirmed, errors, events, window)
    all_confirmed = list(confirmed)

    # Nothing listens on a port just found free: the mail server refuses every connection.
    refused = f"smtp://127.0.0.1:{free_port()}"
    server, port = start_gunicorn({**env, "EMAIL_URL": refused})
    try:
        confirmed, errors, events, _window = file_reports(port, options, 500_001)
    finally:
        stop_gunicorn(server)
    totals += print_phase("mail server refusing", confirmed, errors, events)
    all_confirmed += confirmed

    stored = stored_reports(benchmark_url)
    references = {reference for reference, _narrative in stored}
    lost = set(all_confirmed) - references
    duplicated = len(stored) - len({narrative for _reference, narrative in stored})
    print(
        f"\nverified: {len(all_confirmed)} confirmed, {len(stored)} stored, {len(lost)} lost, "
        f"{duplicated} duplicated, {len(references - set(all_confirmed))} stored but not confirmed "
        "(the resident saw an error)"
    )
    print(f"total: {totals[500]} responses with status 500, {totals[503]} with 503")
    drop_database(maintenance_url)
    media.cleanup()
    if totals[500] or lost or duplicated:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
