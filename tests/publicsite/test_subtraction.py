"""No small count comes back by subtraction: whatever periods a reader asks the data page for, no
two of its public outputs give a count from 1 to the threshold as their difference, and no table's
total gives back what it hides.

Reports are spread over six months (two calendar quarters) and two genders; each example
asks for any mix of month ranges, quarters and nonsense, follows the redirects a browser would, and
reads the CSV downloads (the page's tables and charts are drawn from the same tables)."""

import csv
import io
import itertools
import re
from datetime import date, datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publicsite.dashboards import REPORT_THRESHOLD
from reporting.models import Report
from tests.factories import make_report

pytestmark = pytest.mark.django_db

MONTHS = [date(2025, month, 1) for month in range(7, 13)]
GENDERS = ["woman", "man"]
CELLS = list(itertools.product(range(len(MONTHS)), GENDERS))
POOL = 60
TABLES = ["received", "reports-by-gender"]
HIDDEN = "suppressed"

# What a reader may type into the address bar: month ranges (the old links), quarters, nonsense.
month_text = st.sampled_from([f"{month:%Y-%m}" for month in MONTHS])
query = st.one_of(
    st.fixed_dictionaries({"start": month_text, "end": month_text}),
    st.fixed_dictionaries({"start": month_text}),
    st.fixed_dictionaries({"quarter": st.sampled_from(["2025-Q3", "2025-Q4", "2025-Q5", "Q3", "2025-q3"])}),
    st.just({}),
)
# How many reports each (month, gender) has: mostly around the threshold.
counts = st.lists(
    st.one_of(st.integers(0, 3), st.integers(0, 2 * REPORT_THRESHOLD)),
    min_size=len(CELLS),
    max_size=len(CELLS),
).filter(lambda values: sum(values) <= POOL)


@pytest.fixture
def pool():
    """Reports made once; each example moves them into its months and genders."""
    return [make_report()[0] for _ in range(POOL)]


def spread(pool: list[Report], numbers: list[int]) -> None:
    reports = iter(pool)
    for (month, gender), number in zip(CELLS, numbers, strict=True):
        for report in itertools.islice(reports, number):
            day = MONTHS[month].replace(day=1 + (report.pk % 27))
            report.created_at = timezone.make_aware(datetime.combine(day, datetime.min.time()))
            report.gender = gender
    for report in reports:  # the rest before any month a reader may ask for
        report.created_at = timezone.make_aware(datetime(2020, 6, 1))
    Report.objects.bulk_update(pool, ["created_at", "gender"])


def outputs(client, params: dict) -> list[tuple[tuple[str, str], str, dict[str, str]]]:
    """Each table's CSV for these parameters: its months (from the file name), slug and rows."""
    found = []
    for table in TABLES:
        response = client.get(f"/data/reports/{table}.csv", params, follow=True)
        assert response.status_code == 200
        months = re.search(r"-(\d{4}-\d{2})-(\d{4}-\d{2})\.csv", response["Content-Disposition"]).groups()
        rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
        found.append((months, table, {row[0]: row[1] for row in rows}))
    return found


def contains(outer: tuple[str, str], inner: tuple[str, str]) -> bool:
    return outer != inner and outer[0] <= inner[0] and inner[1] <= outer[1]


def assert_nothing_hidden_is_given_away(rows: dict[str, str]) -> None:
    """Within one table: the total minus the shown counts is no hidden count (nor several of 1)."""
    if rows.get("Total", HIDDEN) == HIDDEN:
        return
    counts = [value for label, value in rows.items() if label != "Total"]
    hidden = counts.count(HIDDEN)
    left = int(rows["Total"]) - sum(int(value) for value in counts if value != HIDDEN)
    assert hidden == 0 or (hidden >= 2 and left > REPORT_THRESHOLD), rows


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(numbers=counts, queries=st.lists(query, min_size=2, max_size=4))
def test_no_pair_of_public_outputs_gives_back_a_small_count(client, pool, numbers, queries):
    spread(pool, numbers)
    cache.clear()
    seen = [output for params in queries for output in outputs(client, params)]

    for _months, _table, rows in seen:
        assert_nothing_hidden_is_given_away(rows)
    for (months_a, table_a, rows_a), (months_b, table_b, rows_b) in itertools.permutations(seen, 2):
        if table_a != table_b or not contains(months_a, months_b):
            continue
        for label in rows_a.keys() & rows_b.keys():
            if HIDDEN in (rows_a[label], rows_b[label]):
                continue
            difference = int(rows_a[label]) - int(rows_b[label])
            assert not 1 <= difference <= REPORT_THRESHOLD, (label, months_a, months_b, table_a)
