"""Import 100,000 metric values through the resource the admin uses and print rows per second
for a dry run, the real import, re-imports of the same file unchanged and with every value
changed, and a plain PostgreSQL COPY of the same rows.

Run from the project root: .venv/bin/python benchmarks/import_metrics.py [ROWS]
It works in a throwaway database of its own, dropped at the end.
"""

import csv
import datetime
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from harness.servers import production_environment, server_url

os.environ.update(production_environment(server_url()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import tablib  # noqa: E402
from django.db import connection  # noqa: E402

from pilots.models import Metric, MetricValue, Program  # noqa: E402
from pilots.resources import MetricValueResource  # noqa: E402

METRICS = 10
CATEGORIES = ["", "American Indian", "Asian", "Black", "Hispanic or Latino", "White", "Two or more", "Other"]
FIRST_DAY = datetime.date(2020, 1, 1)
COLUMNS = ["period_start", "period_end", "breakdown_dimension", "breakdown_category", "value"]


def make_metrics() -> list[Metric]:
    program = Program.objects.get(code="MH1")
    return [
        Metric.objects.create(program=program, code=f"benchmark-{number}", name=f"Benchmark metric {number}")
        for number in range(METRICS)
    ]


def make_rows(metrics: list[Metric], count: int) -> list[tuple]:
    """(metric, start, end, dimension, category, value) rows: daily values, total and by race."""
    rows = []
    day = 0
    while len(rows) < count:
        start = FIRST_DAY + datetime.timedelta(days=day)
        for metric in metrics:
            for category in CATEGORIES:
                dimension = "Race or ethnicity" if category else ""
                rows.append((metric, start, start, dimension, category, (day * 7 + len(rows)) % 500))
        day += 1
    return rows[:count]


def as_csv(rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["metric", *COLUMNS])
    for metric, start, end, dimension, category, value in rows:
        writer.writerow([metric.code, start.isoformat(), end.isoformat(), dimension, category, value])
    return out.getvalue()


def timed_import(text: str, *, dry_run: bool) -> tuple[float, dict]:
    started = time.perf_counter()
    dataset = tablib.Dataset().load(text, format="csv")
    result = MetricValueResource().import_data(dataset, dry_run=dry_run)
    elapsed = time.perf_counter() - started
    assert not result.has_errors() and not result.has_validation_errors(), "the benchmark file is invalid"
    return elapsed, result.totals


def timed_copy(rows: list[tuple]) -> float:
    """COPY the same rows into a scratch table shaped like the real one (same indexes, checks)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE copy_target (LIKE pilots_metricvalue INCLUDING ALL)")
        started = time.perf_counter()
        now = datetime.datetime.now(datetime.UTC)
        # Drafts, as the import writes them.
        columns = ", ".join(["metric_id", *COLUMNS, "created_at", "updated_at", "is_published", "publish_at"])
        with cursor.cursor.copy(f"COPY copy_target ({columns}) FROM STDIN") as copy:
            for metric, start, end, dimension, category, value in rows:
                copy.write_row((metric.pk, start, end, dimension, category, value, now, now, False, now))
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE copy_target")
    return elapsed


def report(label: str, rows: int, seconds: float, totals: dict | None = None) -> None:
    detail = ""
    if totals:
        detail = "  (" + ", ".join(f"{kind} {count}" for kind, count in totals.items() if count) + ")"
    print(f"{label:<34} {seconds:7.2f} s  {rows / seconds:9,.0f} rows/s{detail}")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    connection.settings_dict["TEST"]["NAME"] = "benchmark_import_metrics"
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rows = make_rows(make_metrics(), count)
        text = as_csv(rows)
        print(f"{count:,} metric values, {len(text) / 1e6:.1f} MB of CSV, {os.cpu_count()} CPU cores\n")
        report("import, dry run", count, *timed_import(text, dry_run=True))
        report("import, real", count, *timed_import(text, dry_run=False))
        assert MetricValue.objects.count() == count
        report("re-import of the same file", count, *timed_import(text, dry_run=False))
        changed = [(*row[:5], row[5] + 1) for row in rows]
        report("re-import, every value changed", count, *timed_import(as_csv(changed), dry_run=False))
        report("plain COPY (for comparison)", count, timed_copy(rows))
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
