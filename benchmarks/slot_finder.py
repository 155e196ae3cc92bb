"""How fast the free times for a visit are found for a City site with a month of bookings.

Run from the project root:  .venv/bin/python benchmarks/slot_finder.py [--staff N]

It makes a throwaway database on the same PostgreSQL server as the project (the embedded one when
DATABASE_URL is unset), migrates it, gives N report takers (5 by default) availability at one site
every weekday from 8:00 to 18:00 and at residents' homes on Saturdays, books a month of visits
(every other time of each of them at the site, on the weekdays of a month from a week ago), holds
20 times for residents finishing the form and leaves 500 expired holds behind, times
`reporting.slots.free_slots` for the next two weeks at the site and at home, prints the median and
worst over the runs and the number of queries, and drops the database again. The aim is under
50 ms.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.submit_reports import run_in_this_process  # noqa: E402

DATABASE = "slot_finder_benchmark"
RUNS = 30
TARGET_MS = 50


def run(staff_count: int) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    from datetime import date, datetime, timedelta
    from datetime import time as clock

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reporting import slots
    from reporting.models import HOLD_LIFETIME, Availability, Report, Site, Visit, VisitHold

    call_command("migrate", verbosity=0)
    site = Site.objects.create(name="Benchmark site", address="1 Example St")
    staff = [
        get_user_model().objects.create_user(f"benchmark-taker-{number}", is_staff=True)
        for number in range(staff_count)
    ]
    for member in staff:
        for weekday in range(5):
            Availability.objects.create(
                staff=member,
                site=site,
                weekday=weekday,
                starts=clock(8),
                ends=clock(18),
                valid_from=date(2020, 1, 1),
            )
        Availability.objects.create(
            staff=member, weekday=5, starts=clock(9), ends=clock(17), valid_from=date(2020, 1, 1)
        )
    report = Report.objects.create(
        reference="R-BENCH-1",
        kind="theft",
        follow_up="visit",
        phone="+16125550100",
        occurred_from=date(2020, 1, 1),
        address="1 Example St",
        place_type="street",
        narrative="Benchmark",
        full_name="Benchmark resident",
        false_report_acknowledged=True,
    )
    first_day = timezone.localdate() - timedelta(days=7)
    bookings = []
    for member in staff:
        for offset in range(30):
            day = first_day + timedelta(days=offset)
            if day.weekday() >= 5:  # the site's days only: Saturdays stay free for home visits
                continue
            for minute in range(8 * 60, 18 * 60, 90):  # every other 45-minute time
                start = datetime.combine(day, clock()) + timedelta(minutes=minute)
                bookings.append(
                    Visit(
                        report=report,
                        date=day,
                        window_start=start.time(),
                        window_end=(start + timedelta(minutes=45)).time(),
                        staff=member,
                        site=site,
                        place="Benchmark site",
                    )
                )
    Visit.objects.bulk_create(bookings)
    # Residents finishing the form hold 20 of the free times; 500 drafts left long ago held others.
    free = slots.free_slots(sites=[site], at_home=False)
    now = timezone.now()
    VisitHold.objects.bulk_create(
        VisitHold(
            draft_id=f"draft-{number}",
            staff_id=slot.staff_id,
            site=site,
            date=slot.day,
            window_start=slot.start,
            window_end=slot.end,
            expires_at=now + HOLD_LIFETIME if number < 20 else now - HOLD_LIFETIME,
        )
        for number, slot in enumerate((free * 20)[:520])
    )
    print(f"{staff_count} staff members, {len(bookings):,} visits booked over a month, 20 times held")
    print(f"{'free times at':<16} {'median ms':>10} {'worst ms':>9} {'queries':>8} {'times':>6}")
    for label, options in (("the site", {"sites": [site], "at_home": False}), ("home", {"sites": []})):
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                free = slots.free_slots(**options)
                times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        verdict = "ok" if median < TARGET_MS else f"over {TARGET_MS} ms"
        print(f"{label:<16} {median:>10.1f} {max(times):>9.1f} {len(queries):>8} {len(free):>6}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=5)
    staff_count = parser.parse_args().staff

    run_in_this_process(DATABASE, run, staff_count)


if __name__ == "__main__":
    main()
