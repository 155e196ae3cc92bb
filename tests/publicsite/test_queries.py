"""Every public page runs a constant number of queries, whatever the amount of content."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pilots.models import Metric, MetricValue, Program
from publicsite.models import Office
from reporting.models import WardBoundary
from tests.factories import (
    make_address_point,
    make_council_update,
    make_metric,
    make_milestone,
    make_partner,
    make_phase,
    make_program,
    make_report,
    make_site,
    make_ward_shapes,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/get-help/",
    "/get-help/?step=situation&danger=no&situation=property",
    "/programs/",
    "/programs/?category=reporting",
    "/programs/busy-program/",
    "/timeline/",
    "/timeline/?kind=city",
    "/updates/",
    "/updates/feed/",
    "/data/",
    "/data/?quarter=2025-Q1",
    "/data/busy-metric/over-time.csv",
    "/data/reports/decisions.csv",
    "/glossary/",
    "/resources/",
    "/contact/",
    "/in-person/",
    "/get-help/?step=situation&danger=no&situation=property",
    "/search/?q=program",
    "/sitemap.xml",
]

# The pages that read more: a program's page also reads its evaluation (its measures, updates and
# recommendation); the data page its pages, metrics, shares, the R4 figures (by ward among them)
# and the wards' shapes.
MOST_QUERIES = {"/programs/busy-program/": 12, "/data/": 12, "/data/?quarter=2025-Q1": 12}


def add_content(times: int):
    """`times` sets of programs, partners, phases, milestones, updates, metrics, values, reports (in
    wards whose shapes are drawn) and offices (every page's footer lists them)."""
    program = Program.objects.filter(slug="busy-program").first() or make_program(slug="busy-program")
    metric = Metric.objects.filter(code="busy-metric").first() or make_metric(
        code="busy-metric", program=program, suppression_threshold=5
    )
    if not WardBoundary.objects.exists():
        make_ward_shapes()
    for number in range(times):
        make_report(race_ethnicity="asian", gender="woman", address_point=make_address_point(1 + number % 13))
        Office.objects.create(name="Another office", phone="311")
        make_site()
        other = make_program(summary="Another program")
        program.partners.add(make_partner())
        make_phase(program=other)
        make_milestone().programs.add(program, other)
        make_council_update().programs.add(program, other)
        extra = make_metric(program=other)
        start = datetime.date(2020, 1, 1) + datetime.timedelta(days=31 * MetricValue.objects.count())
        end = start + datetime.timedelta(days=27)
        for target in (metric, extra):
            MetricValue.objects.create(
                metric=target, period_start=start, period_end=end, value=40, is_published=True
            )
            for category, value in (("Black", 12), ("White", 3), ("Asian", 25)):
                MetricValue.objects.create(
                    metric=target,
                    period_start=start,
                    period_end=end,
                    value=value,
                    breakdown_dimension="race",
                    breakdown_category=category,
                    is_published=True,
                )


def queries_per_page(client) -> dict[str, int]:
    counts = {}
    # The clock stands still, so the content version, read once, stays read for every page.
    with time_machine.travel(timezone.now(), tick=False):
        for path in PAGES:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, path
            counts[path] = len(queries)
    return counts


def test_pages_run_the_same_few_queries_with_ten_times_more_content(client, django_assert_max_num_queries):
    add_content(3)
    few = queries_per_page(client)
    add_content(27)
    cache.clear()

    # As in queries_per_page: a page slower than the content version's two seconds in the cache
    # (on a busy machine) would read it again.
    with time_machine.travel(timezone.now(), tick=False):
        for path in PAGES:
            with django_assert_max_num_queries(MOST_QUERIES.get(path, 10), info=path):
                client.get(path)
    cache.clear()

    assert queries_per_page(client) == few
    assert all(count <= MOST_QUERIES.get(path, 10) for path, count in few.items())
