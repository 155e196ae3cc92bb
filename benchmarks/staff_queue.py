"""How fast the staff queue, the staff dashboard, OPI's dashboard and the public data page open
with 200,000 reports (with their visits and calls, most matched to the address list, with the
wards' shapes to draw), and how many queries they cost.

Run from the project root:  .venv/bin/python benchmarks/staff_queue.py [--reports N]

It makes a throwaway database on the same PostgreSQL server as the project (the embedded one when
DATABASE_URL is unset), migrates it, fills it with one SQL statement per table, opens the queue
and the staff dashboard as a signed-in report taker (password and second factor) and OPI's
dashboard as OPI staff through Django's test client, the data page with and without its cache,
prints the figures and drops the database again. The pages read the daily roll-ups of R4's figures
(`reporting.rollups`): after the fill it counts them as the scheduled task does, and times the
figures of twelve months from the roll-ups and from every report, and how far apart they are.
"""

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.submit_reports import run_in_this_process  # noqa: E402

DATABASE = "staff_queue_benchmark"
TARGET_MS = 300
RUNS = 15

# One row per report; every tenth is accepted (with a case number), a third are assigned.
REPORTS_SQL = """
INSERT INTO reporting_report (
    reference, case_number, kind, channel, status, follow_up, occurred_from, address, place_type,
    narrative, full_name, email, phone, home_address, language, age_range, race_ethnicity, gender,
    false_report_acknowledged, taken_by_id, assigned_to_id, decided_at, created_at,
    updated_at, draft_id, handoff_consent, place_note
)
SELECT
    'R-2026-' || lpad(n::text, 6, '0'),
    CASE WHEN n % 10 = 0 THEN 'C-2026-' || lpad(n::text, 6, '0') ELSE '' END,
    (ARRAY['theft', 'damage', 'both'])[1 + n % 3],
    (ARRAY['online', 'online', 'online', 'online', 'online', 'online', 'online', 'online', 'phone',
           'in_person'])[1 + n % 10],
    CASE WHEN n % 10 = 0 THEN 'accepted' ELSE (ARRAY['submitted', 'needs_info', 'closed'])[1 + n % 3] END,
    (ARRAY['online', 'phone', 'visit'])[1 + n % 3],
    date '2025-01-01' + (n % 300),
    n || ' Nicollet Mall',
    'street',
    'Something was taken from the porch.',
    'Resident ' || n,
    'resident' || n || '@example.org',
    '+16125550100',
    '',
    'en',
    (ARRAY['', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus', 'prefer_not'])[1 + n % 8],
    (ARRAY['', 'black', 'white', 'asian', 'hispanic', 'american_indian', 'multiple'])[1 + n % 7],
    (ARRAY['', 'woman', 'man', 'nonbinary'])[1 + n % 4],
    true,
    CASE WHEN n % 10 >= 8 THEN %(taker)s END,
    CASE WHEN n % 3 = 0 THEN %(taker)s END,
    CASE WHEN n % 10 = 0 THEN now() - make_interval(mins => n) END,
    now() - make_interval(mins => n * 2),
    now() - make_interval(mins => n * 2),
    '',
    false,
    ''
FROM generate_series(1, %(count)s) AS n
"""
ITEMS_SQL = """
INSERT INTO reporting_item (report_id, kind, description, brand, model, serial_number, quantity, value,
                            added_later, created_at)
SELECT id, 'bicycle', 'Bike', 'Trek', 'Marlin', 'SN' || id, 1, 300, false, created_at FROM reporting_report
"""
# One row per exit and day over the reports' 300 days.
EXITS_SQL = """
INSERT INTO reporting_screeningexit (exit, date, count)
SELECT exit, date '2025-01-01' + day, 1 + (day % 5)
FROM unnest(ARRAY['danger', 'injury', 'weapon', 'suspect', 'outside', 'vehicle', 'parking',
                  'city_property']) AS exit,
     generate_series(0, 299) AS day
"""
HISTORY_SQL = """
INSERT INTO reporting_historyentry (report_id, kind, from_status, to_status, text, created_at)
SELECT id, 'submitted', '', 'submitted', '', created_at FROM reporting_report
"""
# Every twentieth resident added information later: the dashboard's notices.
SUPPLEMENT_SQL = """
INSERT INTO reporting_historyentry (report_id, kind, from_status, to_status, text, created_at)
SELECT id, 'supplement', '', '', 'More', created_at + interval '1 hour'
FROM reporting_report WHERE id % 20 = 0
"""

# Half of those who chose a visit had one, one in five of them missed (a staff member's visits
# never overlap: each has its own hour); half of those who chose a call were called.
VISITS_SQL = """
INSERT INTO reporting_visit (report_id, date, window_start, window_end, staff_id, place, created_at, outcome,
                             report_taken, minutes, recorded_by_id, recorded_at, calendar_uid,
                             calendar_sequence)
SELECT id, date '2025-01-01' + (id / 24)::int, make_time((id % 24)::int, 0, 0),
       make_time((id % 24)::int, 30, 0), %(taker)s, 'At home', created_at,
       CASE WHEN id % 5 = 0 THEN 'not_there' ELSE 'held' END, false, 45, %(taker)s, now(),
       gen_random_uuid(), 0
FROM reporting_report WHERE follow_up = 'visit' AND id % 2 = 0
"""
CALLS_SQL = """
INSERT INTO reporting_call (report_id, staff_id, made_at, result, report_taken, outcome, minutes, created_at)
SELECT id, %(taker)s, created_at + interval '1 day',
       CASE WHEN id % 4 = 0 THEN 'no_answer' ELSE 'answered' END, false, '', 10, created_at + interval '1 day'
FROM reporting_report WHERE follow_up = 'phone' AND id % 2 = 0
"""

# One address point per ten reports, spread over the 13 wards; four reports in five are matched
# to one, the others left as typed (the figures by ward count them as not matched).
ADDRESS_POINTS_SQL = """
INSERT INTO reporting_addresspoint (city_id, address, ward, neighborhood, search_text, is_demo)
SELECT 'bench-' || n, n || ' Nicollet Mall', 1 + n % 13, 'Downtown West', n || ' nicollet mall', true
FROM generate_series(1, GREATEST(%(count)s / 10, 1)) AS n
"""
MATCHED_SQL = """
UPDATE reporting_report
SET address_point_id = (SELECT MIN(id) FROM reporting_addresspoint)
                       + id % (SELECT COUNT(*) FROM reporting_addresspoint)
WHERE id % 5 <> 0
"""


def ward_shapes(user_id: int) -> None:
    """Thirteen made-up square wards of 200 corners each, about the size of the City's file."""
    from reporting.models import WardBoundary, WardImport

    imported = WardImport.objects.create(file_name="benchmark.geojson", ward_count=13, imported_by_id=user_id)
    for ward in range(1, 14):
        row, column = divmod(ward - 1, 4)
        west, north = -93.33 + column * 0.04, 45.05 - row * 0.03
        edge = [[west + 0.04 * i / 50, north] for i in range(50)]
        edge += [[west + 0.04, north - 0.03 * i / 50] for i in range(50)]
        edge += [[west + 0.04 - 0.04 * i / 50, north - 0.03] for i in range(50)]
        edge += [[west, north - 0.03 + 0.03 * i / 50] for i in range(50)]
        geometry = {"type": "Polygon", "coordinates": [[*edge, edge[0]]]}
        WardBoundary.objects.create(ward=ward, name=f"Ward {ward}", geometry=geometry, imported_in=imported)


def fill(count: int, taker_id: int) -> float:
    from django.db import connection

    from reporting.models import refresh_follow_up

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(REPORTS_SQL.replace("%(taker)s", str(taker_id)).replace("%(count)s", str(count)))
        cursor.execute(ITEMS_SQL)
        cursor.execute(HISTORY_SQL)
        cursor.execute(SUPPLEMENT_SQL)
        cursor.execute(EXITS_SQL)
        for sql in (VISITS_SQL, CALLS_SQL):
            cursor.execute(sql.replace("%(taker)s", str(taker_id)))
        cursor.execute(ADDRESS_POINTS_SQL.replace("%(count)s", str(count)))
        cursor.execute(MATCHED_SQL)
    ward_shapes(taker_id)
    refresh_follow_up(None)  # what each report's visits and calls came to, as recording them keeps it
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def compare_figures() -> None:
    """Count the daily roll-ups as the scheduled task does; time twelve months of figures read from
    them and counted from every report, and print where they differ."""
    from django.utils import timezone

    from reporting import aggregates, rollups

    started = time.perf_counter()
    days = rollups.refresh()
    seconds = time.perf_counter() - started
    print(f"Counted the roll-ups of {days:,} days, as the scheduled task does, in {seconds:.1f} s")
    end = timezone.localdate()
    start = end - timedelta(days=364)
    timings = {}
    for name, figures_of in (
        ("roll-ups", aggregates.pilot_figures),
        ("every report", aggregates.live_figures),
    ):
        started = time.perf_counter()
        timings[name] = (figures_of(start, end), (time.perf_counter() - started) * 1000)
    (rolled, rolled_ms), (live, live_ms) = timings.values()
    differences = rollups.gaps(rolled, live)
    counts = [path for path in differences if path.rsplit(".", 1)[-1] not in aggregates.PERCENTILES]
    # Relative to the exact value (plus an hour, in days), as `rollups.RATIO` bounds it.
    widest = max(
        (abs(a - b) / (abs(b) + 1 / 24) for a, b in differences.values() if None not in (a, b)), default=0
    )
    print(
        f"R4 figures of 12 months ({rolled['reports']:,} reports): from the roll-ups {rolled_ms:.0f} ms, "
        f"from every report {live_ms:.0f} ms; counts {'all equal' if not counts else f'DIFFER at {counts}'}; "
        f"{len(differences) - len(counts)} percentile(s) differ, by at most {widest:.1%} of their value"
    )


def signed_in(user):
    """A test client signed in as `user` with a verified second factor, as staff sign in."""
    from django.test import Client

    from harness.staff import sign_in

    client = Client()
    sign_in(client, user)
    return client


def measure(client, url: str, uncached: bool = False) -> tuple[float, float, int]:
    """Median and worst load time in ms over RUNS loads (after one warm-up), and the query count;
    `uncached` empties the cache before each load."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(RUNS):
        if uncached:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(times), max(times), len(queries)


def run(count: int) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from accounts.roles import OPI_STAFF, REPORT_TAKERS

    setup_test_environment()
    call_command("migrate", verbosity=0)
    taker = get_user_model().objects.create_user("benchmark-taker", is_staff=True)
    taker.groups.add(Group.objects.get(name=REPORT_TAKERS))
    seconds = fill(count, taker.pk)
    print(
        f"Filled {count:,} reports (an item and a history entry each, visits, calls, address points)"
        f" in {seconds:.1f} s"
    )
    compare_figures()

    opi = get_user_model().objects.create_user("benchmark-opi", is_staff=True)
    opi.groups.add(Group.objects.get(name=OPI_STAFF))

    client = signed_in(taker)
    queue = "/admin/reporting/report/"
    pages = [
        ("queue, newest first", queue),
        ("status: submitted", queue + "?status__exact=submitted"),
        ("assigned to me", queue + "?assigned=me"),
        ("age: 1 to 4 weeks, online", queue + "?age=30&channel__exact=online"),
        ("search: a reference number", queue + "?q=R-2026-123456"),
        ("search: a serial number", queue + "?q=sn4242"),
        ("search: part of a name", queue + "?q=resident 19999"),
        ("staff dashboard", queue + "dashboard/"),
    ]
    opi_client = signed_in(opi)
    month = f"{timezone.localdate():%Y-%m}"
    dashboards = [
        # The reports were filed over the last 300 days: the default 12 months hold them all.
        (opi_client, "OPI dashboard, 12 months", "/admin/pilot-figures/", False),
        (opi_client, "OPI dashboard, one month", f"/admin/pilot-figures/?start={month}&end={month}", False),
        (Client(), "data page, not cached", "/data/", True),
        (Client(), "data page, cached", "/data/", False),
    ]
    print(f"{'page':<28} {'median ms':>10} {'worst ms':>9} {'queries':>8}")
    for page_client, label, url, uncached in [
        (client, label, url, False) for label, url in pages
    ] + dashboards:
        median, worst, queries = measure(page_client, url, uncached)
        verdict = "ok" if median < TARGET_MS else f"over {TARGET_MS} ms"
        print(f"{label:<28} {median:>10.1f} {worst:>9.1f} {queries:>8}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200_000)
    count = parser.parse_args().reports

    # No collectstatic here: serve the admin's static names as they are.
    storage = {"DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    run_in_this_process(DATABASE, run, count, environment=storage)


if __name__ == "__main__":
    main()
