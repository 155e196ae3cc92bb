"""Made-up metric values for local development (`make run`), so the data pages have something to
show. Every metric made here is flagged as demo data and named so; never loaded in production
(`manage.py load_demo_metrics` refuses to run without DEBUG)."""

import datetime
from decimal import Decimal

from django.db import transaction

from pilots.models import Metric, MetricValue, Program

DEMO_NOTE = "Demo data: made-up figures for trying the site, not City data."
# The report form's codes for the question and its answers (reporting.demographics), so that
# population shares line up with these values.
RACE = "race_ethnicity"
# Shares of the total per group, to give the breakdown a plausible shape.
RACE_SHARES = {
    "black": 0.45,
    "white": 0.33,
    "hispanic": 0.09,
    "asian": 0.05,
    "american_indian": 0.08,
}

METRICS = [
    # (program code, metric code, name, unit, direction, target, first monthly value, monthly change)
    (
        "MH1",
        "demo-mh1-crisis-calls-answered",
        "Crisis calls answered by a team",
        "count",
        "higher",
        None,
        240,
        35,
    ),
    ("MH1", "demo-mh1-median-response-minutes", "Median response time", "minutes", "lower", 20, 31, -2),
    ("MH2", "demo-mh2-staff-trained", "911 staff trained", "people", "higher", 120, 18, 16),
    ("MH3", "demo-mh3-calls-diverted", "Calls diverted from police", "count", "higher", None, 60, 12),
    ("R4", "demo-r4-reports-taken", "Reports taken by non-sworn staff", "count", "higher", None, 90, 20),
]
FIRST_MONTH = datetime.date(2021, 4, 1)
MONTHS = 6


def _month(offset: int) -> tuple[datetime.date, datetime.date]:
    year, month = divmod(FIRST_MONTH.month - 1 + offset, 12)
    start = FIRST_MONTH.replace(year=FIRST_MONTH.year + year, month=month + 1)
    following = start.replace(year=start.year + (start.month == 12), month=start.month % 12 + 1)
    return start, following - datetime.timedelta(days=1)


@transaction.atomic
def load_demo_metrics() -> int:
    """Create (or reset) the demo metrics and their monthly values; returns how many values."""
    values = []
    for program_code, code, name, unit, direction, target, first, change in METRICS:
        metric, _created = Metric.objects.update_or_create(
            code=code,
            defaults={
                "program": Program.objects.get(code=program_code),
                "name": f"{name} (demo data)",
                "description": DEMO_NOTE,
                "unit": unit,
                "direction": direction,
                "target": target,
                "is_public": True,
                "suppression_threshold": 10 if unit == "count" else 0,
                "is_demo": True,
            },
        )
        metric.values.all().delete()
        for offset in range(MONTHS):
            start, end = _month(offset)
            total = first + change * offset
            values.append(MetricValue(metric=metric, period_start=start, period_end=end, value=total))
            if code == "demo-mh1-crisis-calls-answered":
                values.extend(
                    MetricValue(
                        metric=metric,
                        period_start=start,
                        period_end=end,
                        breakdown_dimension=RACE,
                        breakdown_category=group,
                        value=Decimal(round(total * share)),
                    )
                    for group, share in RACE_SHARES.items()
                )
    for value in values:
        value.is_published = True  # made-up figures to look at, with no one to review them
    MetricValue.objects.bulk_create(values)
    return len(values)
