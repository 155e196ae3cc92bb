"""Aggregate figures on reports for the R4 pilot: counts and durations only, never a name,
address, narrative or reference. The public data page and OPI's dashboard show them; they decide
what to hide, this module only counts.

`pilot_figures(start, end)` returns plain Python values:

    {
        "reports": 412,
        "by_channel": {"online": 380, "phone": 20, "in_person": 12},
        "received": {"unit": "month", "periods": [(date(2024, 1, 1), {"online": 30, ...}), ...]},
        "by_status": {"submitted": 30, "accepted": 300, ...},
        "decisions": {"accepted": 310, "referred": 40, ..., "waiting": 30},
        "follow_up": {"online": 350, "phone": 40, "visit": 22},
        "follow_up_given": {"online": 340, "phone": 30, "visit": 20},
        "days_to_decision": {"decided": 350, "median": 1.8, "p75": 3.0, "p90": 6.5},
        "screening_exits": {"danger": 12, "parking": 40, ...},
        "by_group": {"race_ethnicity": {"black": {"reports": 80, "decisions": {...},
                     "follow_up_chosen": 78, "follow_up_given": 75,
                     "days_to_decision": {"decided": 70, "median": 1.5, "p90": 5.0}}, ...}, ...},
        "by_ward": {1: {"reports": 30, "accepted": 25, "follow_up_given": 28}, ..., 13: {...},
                    None: {...}},   # None: reports whose address matched no point of the list
        "in_person": {
            "days_to_visit": {"visited": 20, "median": 2.5, "p90": 6.0},
            "visited_at": {"home": 12, 3: 8},   # site id, or "home" for the resident's place
            "sites": {3: "Demo site: Lake Street"},   # every site in visited_at, by name
            "visits_not_kept": 4,
            "staff_time": {"all": {"reports": 42, "median": 30.0}, "online": {...}, ...},
        },
    }

Every key of each choice list is present (zero when none), so a chart's categories do not move;
`by_group` has every answer of each demographic question, and "" for residents who skipped it, and
every language of the form under "language" ("" for reports deleted before their language was kept);
`by_ward` every ward from 1 to 13 (and any other a matched point is in), and None for the reports
not matched to the City's address list. A report is in the ward of its matched point; one whose
address the retention schedule removed stays in the ward it was in (`Report.kept_ward`).
`start` and `end` are dates (inclusive, local time); either may be None for no bound. Reports are
counted by week when the period is at most `WEEKLY_UP_TO_DAYS` long, by month otherwise.

Days to decision run from submission to the acceptance, referral or decline that stands; they are
None when nothing was decided. A report a Supervisor reopened counts as waiting until it is decided
again (an accepted one keeps its case number and its acceptance), so it is counted once.
A follow-up counts as given when the resident was told the decision online (for "online only"),
a follow-up call was answered (for a call) or a visit was held (for a visit): booking a visit or
dialling a number gives nobody anything. Days to a visit run from submission to the first visit
held, for those who chose one; its site is that visit's. Staff time is the minutes staff recorded
on a report's visits and calls, per report that has any, by the channel the report came in by. Reports deleted
under the retention schedule are counted as they were when deleted (`reporting.retention`), so that
schedule changes no figure.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import connections
from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    Q,
    Sum,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Extract, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.demographics import DIMENSIONS, categories
from reporting.models import WARDS, Report, ReportFigures, ScreeningExit, Site, WardBoundary

# What the figures are counted by, for whoever shows them (the public site reads only this module).
Channel = Report.Channel
FollowUp = Report.FollowUp
Exit = ScreeningExit.Exit

SECONDS_PER_DAY = 86_400
PERCENTILES = {"median": 0.5, "p75": 0.75, "p90": 0.9}
WEEKLY_UP_TO_DAYS = 92
# When each follow-up counts as given (see the module docstring).
GIVEN_WHEN = {
    Report.FollowUp.ONLINE: Q(decided_at__isnull=False),
    Report.FollowUp.PHONE: Q(call_answered=True),
    Report.FollowUp.VISIT: Q(visited_at__isnull=False),
}
HOME = "home"


class Decision(TextChoices):
    """Where a report stands, as the evaluation counts it: a report accepted and then closed
    still counts as accepted."""

    ACCEPTED = "accepted", _("Accepted")
    REFERRED = "referred", _("Referred elsewhere")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the resident")
    CLOSED = "closed", _("Closed without a decision")
    WAITING = "waiting", _("Waiting for a decision")


class Percentile(Aggregate):
    """PostgreSQL's continuous percentile of an expression."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, percentile: float, **extra):
        super().__init__(expression, percentile=float(percentile), **extra)


def _reports(start: date | None, end: date | None):
    # Deleted reports still count: the retention schedule must not change a published figure.
    # Bounds on the column itself, not on its local date: Postgres then estimates the rows well and
    # groups them by hashing; at 200,000 reports the figures take a quarter of the time
    # (benchmarks/staff_queue.py).
    reports = ReportFigures.objects.all()
    if start:
        reports = reports.filter(created_at__gte=_local_midnight(start))
    if end:
        reports = reports.filter(created_at__lt=_local_midnight(end + timedelta(days=1)))
    return reports


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / SECONDS_PER_DAY, 1)


def days_to_decision(start: date | None = None, end: date | None = None) -> dict:
    """How many reports were decided, and the median and upper percentiles of days it took."""
    seconds = Extract(F("decided_at") - F("created_at"), "epoch")
    figures = (
        _reports(start, end)
        .filter(decided_at__isnull=False)
        .aggregate(
            decided=Count("pk"),
            **{name: Percentile(seconds, fraction) for name, fraction in PERCENTILES.items()},
        )
    )
    for name in PERCENTILES:
        figures[name] = _days(figures[name])
    return figures


def days_to_decision_by_group(start: date | None = None, end: date | None = None) -> dict:
    """Decided reports, median and 90th percentile of days to decision, per demographic answer."""
    decided = (
        _reports(start, end)
        .filter(decided_at__isnull=False)
        .annotate(seconds=Extract(F("decided_at") - F("created_at"), "epoch"))
        .values(*DIMENSIONS, "seconds")
    )
    inner, params = decided.query.sql_with_params()
    columns = ", ".join(DIMENSIONS)
    # The ORM cannot group by several sets in one query; GROUPING SETS keeps this to one.
    sql = (
        f"SELECT {columns}, GROUPING({columns}), COUNT(*), "  # noqa: S608
        "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY seconds), "
        "PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY seconds) "
        f"FROM ({inner}) AS decided "
        f"GROUP BY GROUPING SETS ({', '.join(f'({column})' for column in DIMENSIONS)})"
    )
    with connections[decided.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    empty = {"decided": 0, "median": None, "p90": None}
    groups = {
        dimension: {category: dict(empty) for category in categories(dimension)} for dimension in DIMENSIONS
    }
    count = len(DIMENSIONS)
    for row in rows:
        grouping, decided, median, p90 = row[count:]
        # GROUPING() sets one bit per column left out of the row's set; the clear bit is its dimension.
        position = next(i for i in range(count) if not grouping & (1 << (count - 1 - i)))
        dimension = list(DIMENSIONS)[position]
        groups[dimension][row[position]] = {"decided": decided, "median": _days(median), "p90": _days(p90)}
    return groups


def screening_exits(start: date | None = None, end: date | None = None) -> dict[str, int]:
    """Residents the screening sent elsewhere, per exit."""
    totals = dict(_exits(start, end).values_list("exit").annotate(total=Sum("count")))
    return {exit: totals.get(exit, 0) for exit in ScreeningExit.Exit.values}


def screening_exits_by_week(start: date | None = None, end: date | None = None) -> list:
    """Residents the screening sent elsewhere per week (from Monday) and exit, every week present."""
    rows = (
        _exits(start, end)
        .annotate(week=TruncWeek("date"))
        .values_list("week", "exit")
        .annotate(n=Sum("count"))
    )
    counts = {(week, exit): n for week, exit, n in rows}
    weeks = _period_starts("week", start, end, [week for week, _exit in counts])
    return [
        (week, {exit: counts.get((week, exit), 0) for exit in ScreeningExit.Exit.values}) for week in weeks
    ]


def _exits(start: date | None, end: date | None):
    exits = ScreeningExit.objects.order_by()
    if start:
        exits = exits.filter(date__gte=start)
    if end:
        exits = exits.filter(date__lte=end)
    return exits


def received(start: date | None = None, end: date | None = None) -> dict:
    """Reports received per week or month (see the module docstring) and channel."""
    weekly = start is not None and (end or timezone.localdate()) - start <= timedelta(days=WEEKLY_UP_TO_DAYS)
    unit, trunc = ("week", TruncWeek) if weekly else ("month", TruncMonth)
    rows = (
        _reports(start, end)
        .order_by()
        .annotate(period=trunc("created_at"))
        .values_list("period", "channel")
        .annotate(n=Count("pk"))
    )
    counts = {(period.date(), channel): n for period, channel, n in rows}
    periods = _period_starts(unit, start, end, [period for period, _channel in counts])
    return {
        "unit": unit,
        "periods": [
            (period, {channel: counts.get((period, channel), 0) for channel in Report.Channel.values})
            for period in periods
        ],
    }


def _period_starts(unit: str, start: date | None, end: date | None, found: list[date]) -> list[date]:
    """Every week (from Monday) or month from the first to the last, so that empty ones show as zero."""
    first = start or min(found, default=None)
    last = end or max(found, default=None)
    if first is None or last is None:
        return []
    current = first - timedelta(days=first.weekday()) if unit == "week" else first.replace(day=1)
    periods = []
    while current <= last:
        periods.append(current)
        if unit == "week":
            current += timedelta(days=7)
        else:
            current = current.replace(year=current.year + current.month // 12, month=current.month % 12 + 1)
    return periods


def decision_of(status: str, has_case_number: bool) -> str:
    """The `Decision` a report in this status counts as."""
    # A case number is an acceptance that stands while the report is open or closed: asked for
    # more information after it, a report is still accepted, not waiting.
    if status == Report.Status.ACCEPTED or (
        has_case_number and status in (*Report.OPEN_STATUSES, Report.Status.CLOSED)
    ):
        return Decision.ACCEPTED
    if status in (
        Report.Status.REFERRED,
        Report.Status.DECLINED,
        Report.Status.WITHDRAWN,
        Report.Status.CLOSED,
    ):
        return status
    return Decision.WAITING


def _counts(reports) -> list[dict]:
    """Reports counted by every attribute the figures break down by, in one query."""
    return list(
        reports.order_by()
        .annotate(given=_given())
        .values("status", "has_case_number", "follow_up", "given", "visit_site", *DIMENSIONS)
        .annotate(n=Count("pk"))
    )


def by_ward(start: date | None = None, end: date | None = None) -> dict:
    """Reports, accepted reports and residents who got the follow-up they chose, per ward (see
    the module docstring), in one query."""
    rows = (
        _reports(start, end)
        .order_by()
        .annotate(given=_given())
        .values_list("ward", "status", "has_case_number", "given")
        .annotate(n=Count("pk"))
    )
    wards = {ward: {"reports": 0, "accepted": 0, "follow_up_given": 0} for ward in [*WARDS, None]}
    for ward, status, has_case_number, given, n in rows:
        counts = wards.setdefault(ward, {"reports": 0, "accepted": 0, "follow_up_given": 0})
        counts["reports"] += n
        counts["accepted"] += n if decision_of(status, has_case_number) == Decision.ACCEPTED else 0
        counts["follow_up_given"] += n if given else 0
    # Any ward beyond the thirteen in its place by number; the unmatched reports last.
    return dict(sorted(wards.items(), key=lambda item: (item[0] is None, item[0] or 0)))


def ward_shapes() -> dict[int, dict]:
    """The GeoJSON geometry of each ward whose shape the City gave, by ward: one query."""
    return dict(WardBoundary.objects.values_list("ward", "geometry"))


def _given() -> Case:
    """Whether the resident got the follow-up they chose (`GIVEN_WHEN`)."""
    return Case(
        *(
            When(Q(follow_up=choice) & condition, then=Value(True))
            for choice, condition in GIVEN_WHEN.items()
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


def _zero_group() -> dict:
    return {
        "reports": 0,
        "decisions": dict.fromkeys(Decision.values, 0),
        "follow_up_chosen": 0,
        "follow_up_given": 0,
    }


def pilot_figures(start: date | None = None, end: date | None = None) -> dict:
    """Every figure of the R4 pilot's evaluation (see the module docstring)."""
    by_status = dict.fromkeys(Report.Status.values, 0)
    decisions = dict.fromkeys(Decision.values, 0)
    follow_up = dict.fromkeys(Report.FollowUp.values, 0)
    given = dict.fromkeys(Report.FollowUp.values, 0)
    by_group = {
        dimension: {category: _zero_group() for category in categories(dimension)} for dimension in DIMENSIONS
    }
    visited_at = {HOME: 0}
    for row in _counts(_reports(start, end)):
        n = row["n"]
        if row["given"] and row["follow_up"] == Report.FollowUp.VISIT:
            site = row["visit_site"] or HOME
            visited_at[site] = visited_at.get(site, 0) + n
        decision = decision_of(row["status"], row["has_case_number"])
        by_status[row["status"]] += n
        decisions[decision] += n
        follow_up[row["follow_up"]] += n
        if row["given"]:
            given[row["follow_up"]] += n
        for dimension in DIMENSIONS:
            group = by_group[dimension][row[dimension]]
            group["reports"] += n
            group["decisions"][decision] += n
            group["follow_up_chosen"] += n
            group["follow_up_given"] += n if row["given"] else 0
    days_by_group = days_to_decision_by_group(start, end)
    for dimension, groups in by_group.items():
        for category, group in groups.items():
            group["days_to_decision"] = days_by_group[dimension][category]
    arrivals = received(start, end)
    by_channel = defaultdict(int)
    for _period, channels in arrivals["periods"]:
        for channel, n in channels.items():
            by_channel[channel] += n
    return {
        "reports": sum(by_status.values()),
        "by_channel": {channel: by_channel[channel] for channel in Report.Channel.values},
        "received": arrivals,
        "by_status": by_status,
        "decisions": decisions,
        "follow_up": follow_up,
        "follow_up_given": given,
        "days_to_decision": days_to_decision(start, end),
        "screening_exits": screening_exits(start, end),
        "by_group": by_group,
        "by_ward": by_ward(start, end),
        "in_person": in_person(start, end, visited_at),
    }


def in_person(start: date | None, end: date | None, visited_at: dict) -> dict:
    """What the visits and calls came to: days to a visit for those who chose one and where it
    was held (`visited_at`, counted with the other figures); visits the resident was not there
    for; minutes of staff time per report, in all and by channel. One query, and one more for the
    names of the sites."""
    chose_and_got = Q(follow_up=Report.FollowUp.VISIT) & GIVEN_WHEN[Report.FollowUp.VISIT]
    # Percentiles skip the NULLs: each is taken over the reports its Case keeps.
    seconds = Case(When(chose_and_got, then=Extract(F("visited_at") - F("created_at"), "epoch")))
    # Staff time in all and by channel: each count and median over the reports with minutes.
    timed = {
        name: Q(staff_minutes__isnull=False, **({} if name == "all" else {"channel": name}))
        for name in ("all", *Report.Channel.values)
    }
    figures = _reports(start, end).aggregate(
        visited=Count("pk", filter=chose_and_got),
        median=Percentile(seconds, 0.5),
        p90=Percentile(seconds, 0.9),
        not_kept=Sum("visits_not_kept"),
        **{f"{name}_reports": Count("pk", filter=condition) for name, condition in timed.items()},
        **{
            f"{name}_median": Percentile(Case(When(condition, then=F("staff_minutes"))), 0.5)
            for name, condition in timed.items()
        },
    )
    sites = Site.objects.in_bulk([key for key in visited_at if key != HOME])
    return {
        "days_to_visit": {
            "visited": figures["visited"],
            "median": _days(figures["median"]),
            "p90": _days(figures["p90"]),
        },
        "visited_at": dict(sorted(visited_at.items(), key=lambda item: (item[0] != HOME, item[0]))),
        "sites": {pk: site.name for pk, site in sites.items()},
        "visits_not_kept": figures["not_kept"] or 0,
        "staff_time": {
            name: {"reports": figures[f"{name}_reports"], "median": figures[f"{name}_median"]}
            for name in timed
        },
    }
