"""How fast the address a resident types is matched against a City-sized address list.

Run from the project root:  .venv/bin/python benchmarks/address_matcher.py [--addresses N]

It makes a throwaway database on the same PostgreSQL server as the project (the embedded one when
DATABASE_URL is unset), migrates it, fills the address list with N made-up addresses (200,000 by
default, about the City's size): made-up street names, each with its directions and street types,
and house numbers along them. It then times `reporting.addresses.match` on addresses typed as
residents type them (exact, abbreviated, misspelt, with a unit, a corner, one not in the list),
and `reporting.addresses.suggest` on addresses still being typed (the address field's
suggestions), prints the median and worst over the runs and the queries each took, and drops
the database again. The aim is under 20 ms.
"""

import argparse
import itertools
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.submit_reports import run_in_this_process  # noqa: E402

DATABASE = "address_matcher_benchmark"
RUNS = 50
TARGET_MS = 20
# Made-up street names: every pair of a first and a second part.
FIRST = [
    "Alder",
    "Birch",
    "Cedar",
    "Dogwood",
    "Elm",
    "Fir",
    "Gum",
    "Hazel",
    "Ivy",
    "Juniper",
    "Larch",
    "Maple",
]
SECOND = [
    "brook",
    "crest",
    "dale",
    "field",
    "glen",
    "haven",
    "hurst",
    "land",
    "mont",
    "ridge",
    "view",
    "wood",
]
STREETS = [
    f"{direction}{first}{second} {kind}"
    for first, second in itertools.product(FIRST, SECOND)
    for direction in ("", "E ", "W ")
    for kind in ("St", "Ave", "Pl")
]
# What residents type, against a list that writes "1200 E Elmwood Ave".
TYPED = {
    "exact": "1200 E Elmwood Ave",
    "abbreviated": "1200 East Elmwood Avenue",
    "misspelt": "1200 E Elmwod Ave",
    "with a unit": "1200 E Elmwood Ave Apt 4",
    "no direction": "1200 Elmwood Ave",
    "a corner": "Elmwood Ave and Maplecrest St",
    "not in the list": "1234 Nowhere Blvd, Paris France",
}
# Addresses still being typed, for the suggestions: a few letters of the street, then more.
BEING_TYPED = {
    "suggest: 2 letters": "1200 E El",
    "suggest: 5 letters": "1200 E Elmwo",
    "suggest: misspelt": "1200 E Elmwod Av",
}


def run(count: int) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting import addresses
    from reporting.models import AddressPoint

    call_command("migrate", verbosity=0)
    numbers = range(100, 100 + 100 * (count // len(STREETS) + 1), 100)
    rows = itertools.islice(((number, street) for number in numbers for street in STREETS), count)
    points = (
        AddressPoint(
            city_id=str(index),
            address=f"{number} {street}",
            ward=index % 13 + 1,
            neighborhood=f"Neighborhood {index % 83}",
            search_text=addresses.search_text(f"{number} {street}"),
            is_demo=True,
        )
        for index, (number, street) in enumerate(rows)
    )
    while batch := list(itertools.islice(points, 10_000)):
        AddressPoint.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reporting_addresspoint")
    print(f"{AddressPoint.objects.count():,} made-up addresses on {len(STREETS):,} streets")
    print(f"{'typed':<18} {'median ms':>10} {'worst ms':>9} {'queries':>8}  offered")
    for label, typed in TYPED.items():
        matches, times, queries = _timed(connection, CaptureQueriesContext, addresses.match, typed)
        offered = "exact" if matches.exact else f"{len(matches.closest)}"
        _print_row(label, times, queries, offered)
    for label, typed in BEING_TYPED.items():
        points, times, queries = _timed(connection, CaptureQueriesContext, addresses.suggest, typed)
        _print_row(label, times, queries, str(len(points)))


def _timed(connection, capture, function, typed: str):
    """What `function` returns for `typed`, the milliseconds of each run, and the last run's queries."""
    times = []
    for _ in range(RUNS):
        with capture(connection) as queries:
            started = time.perf_counter()
            result = function(typed)
            times.append((time.perf_counter() - started) * 1000)
    return result, times, queries


def _print_row(label: str, times: list[float], queries, offered: str) -> None:
    median = statistics.median(times)
    verdict = "ok" if median < TARGET_MS else f"over {TARGET_MS} ms"
    print(f"{label:<18} {median:>10.1f} {max(times):>9.1f} {len(queries):>8}  {offered:<7} {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=200_000)
    count = parser.parse_args().addresses

    run_in_this_process(DATABASE, run, count)


if __name__ == "__main__":
    main()
