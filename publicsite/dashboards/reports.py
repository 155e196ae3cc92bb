"""The R4 pilot's tables, counted from reports (`reporting.aggregates.pilot_figures`), and what
to hide in them so that no table gives back what another hides."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from publicsite.dashboards.charts import _charted
from publicsite.dashboards.tables import (
    Row,
    Table,
    _breakdown,
    _choices,
    _durations_table,
    _figures_table,
    _relabel,
    _series,
    period_label,
)
from publicsite.suppression import Figure, SuppressedGroup, protect, suppress
from publicsite.ward_map import WardMap, ward_map
from reporting.aggregates import HOME, Channel, Decision, Exit, FollowUp

# Report counts from 1 to this many are hidden on the public page, and any figure broken down by
# demographic answers everywhere, as the City hides small counts in its published metrics.
REPORT_THRESHOLD = 10
# The pilot whose figures are counted from reports; the others' come from imported metrics.
REPORTS_PILOT = "R4"

# The decisions counted for each group but shown for none: they are still in its number of reports.
UNSHOWN_DECISIONS = (Decision.CLOSED, Decision.WAITING)
DECIDED = (Decision.ACCEPTED, Decision.REFERRED, Decision.DECLINED)


def hidden_report_figures(figures: dict, threshold: int) -> set:
    """The R4 figures to hide, from `publicsite.suppression.protect` over every sum the data page
    shows, so that no table gives back what another hides. All reports are the sum of the weeks
    or months, of the channels, of the decisions, of the follow-ups, and of each question's answers
    (with those who skipped it); each answer's reports are the sum of its decisions, and each
    decision's total the sum over the answers: a two-way table whose margins are both shown.

    Those who got the follow-up they chose add up to the total of its table by answer, and with
    those who did not (shown nowhere) to the number who chose it; as the share of those is shown
    beside them, they are hidden wherever that number is.

    The reports decided, beside the days it took, are those accepted, referred or declined: part of
    the decisions' sum, so with the total they would give back the rest. They are hidden when one
    of the three is; as they add up no other count, that needs nothing more hidden.

    Keys: "reports", ("received", position), (figure, code) for "by_channel", "decisions" and
    "follow_up", "decided", ("group", question, answer), ("cell", question, answer, decision),
    "given", ("given", follow-up), ("not given", follow-up), ("given by", question, answer),
    ("visited at", site or "home"): those visited, by where, add up to those given a visit, and
    ("ward", measure, ward): each measure by ward adds up to its total (`WARD_MEASURES`), the
    reports not matched to a ward included."""
    if not threshold:
        return set()
    values = {"reports": figures["reports"]}
    lines = []
    unpublished = set()

    def line(total, members: dict) -> None:
        values.update(members)
        lines.append((total, list(members)))

    periods = figures["received"]["periods"]
    line(
        "reports",
        {("received", index): sum(counts.values()) for index, (_first, counts) in enumerate(periods)},
    )
    for name in ("by_channel", "decisions", "follow_up"):
        line("reports", {(name, code): count for code, count in figures[name].items()})
    for question, groups in figures["by_group"].items():
        line("reports", {("group", question, answer): group["reports"] for answer, group in groups.items()})
        for answer, group in groups.items():
            cells = {("cell", question, answer, decision): n for decision, n in group["decisions"].items()}
            line(("group", question, answer), cells)
            unpublished |= {("cell", question, answer, decision) for decision in UNSHOWN_DECISIONS}
        for decision in Decision.values:
            lines.append(
                (("decisions", decision), [("cell", question, answer, decision) for answer in groups])
            )
    given = figures["follow_up_given"]
    values["given"] = sum(given.values())
    line("given", {("given", code): n for code, n in given.items()})
    for code, n in given.items():
        line(("follow_up", code), {("given", code): n, ("not given", code): figures["follow_up"][code] - n})
        unpublished.add(("not given", code))
    visited_at = figures["in_person"]["visited_at"]
    line(("given", FollowUp.VISIT), {("visited at", key): n for key, n in visited_at.items()})
    for question, groups in figures["by_group"].items():
        line(
            "given",
            {("given by", question, answer): group["follow_up_given"] for answer, group in groups.items()},
        )
    for measure, total in WARD_MEASURES.items():
        line(total, {("ward", measure, ward): counts[measure] for ward, counts in figures["by_ward"].items()})
    hidden = set()
    while True:
        hidden = protect(values, lines, threshold, frozenset(unpublished), frozenset(hidden))
        linked = {("given", code) for code in given if ("follow_up", code) in hidden} - hidden
        if not linked:
            break
        hidden |= linked
    if any(("decisions", code) in hidden for code in DECIDED):
        hidden.add("decided")
    return hidden


# The figures by ward (`reporting.aggregates.by_ward`), each with the key of the total that all
# wards add up to, as `hidden_report_figures` names it.
WARD_MEASURES = {
    "reports": "reports",
    "accepted": ("decisions", Decision.ACCEPTED),
    "follow_up_given": "given",
}


@dataclass
class WardFigures:
    """The figures by ward: a table per measure, and the map of reports by ward when the City
    gave the wards' shapes."""

    tables: list[Table]
    map: WardMap | None


def ward_figures(
    figures: dict, shapes: dict, start, end, *, threshold: int, hidden: set | None = None
) -> WardFigures:
    """Reports, accepted reports and residents who got the follow-up they chose, per ward, hiding
    counts up to `threshold` and what `hidden_report_figures` hides with them (`hidden`, when the
    caller has it); `shapes` are `reporting.aggregates.ward_shapes`."""
    period = period_label(start, end)
    if hidden is None:
        hidden = hidden_report_figures(figures, threshold)
    wards = list(figures["by_ward"])
    labels = [
        _("Address not matched") if ward is None else _("Ward %(ward)s") % {"ward": ward} for ward in wards
    ]
    captions = {
        "reports": _("Reports by ward, %(period)s"),
        "accepted": _("Accepted reports by ward, %(period)s"),
        "follow_up_given": _("Residents who got the follow-up they chose, by ward, %(period)s"),
    }
    headings = {"reports": _("Reports"), "accepted": _("Accepted reports"), "follow_up_given": _("Residents")}
    rate_headings = {
        "accepted": _("Accepted, of the ward's reports (%)"),
        "follow_up_given": _("Got it, of the ward's residents who chose one (%)"),
    }
    tables = []
    for measure, total in WARD_MEASURES.items():
        # Each rate is of the ward's reports, the first table's (every resident chose a follow-up).
        of = (rate_headings[measure], [row.figure for row in tables[0].rows]) if tables else None
        table = _breakdown(
            f"{measure.replace('_', '-')}-by-ward",
            captions[measure] % {"period": period},
            _("Ward"),
            [
                (ward, label, figures["by_ward"][ward][measure])
                for ward, label in zip(wards, labels, strict=True)
            ],
            threshold,
            value_heading=headings[measure],
            hidden=_hidden(hidden, [("ward", measure, ward) for ward in wards], total),
            of=of,
        )
        # The map draws the reports by ward where the wards' shapes are known; bars of fourteen
        # wards beside it would say the same twice, and without shapes the table is enough.
        table.charted = False
        tables.append(table)
    reports = tables[0]
    by_ward = {ward: row.figure for ward, row in zip(wards, reports.rows, strict=True) if ward is not None}
    return WardFigures(tables, ward_map(reports.caption, by_ward, shapes) if shapes else None)


def _hidden(hidden: set, keys: list, total="reports") -> tuple[frozenset[int], bool]:
    """The positions of `keys` in `hidden`, and whether the total is: what `suppress` starts from."""
    return frozenset(index for index, key in enumerate(keys) if key in hidden), total in hidden


def report_tables(figures: dict, start, end, *, threshold: int, hidden: set | None = None) -> list[Table]:
    """The R4 pilot's tables from `reporting.aggregates.pilot_figures`, hiding counts up to
    `threshold`; `hidden` is `hidden_report_figures` for that threshold, when the caller has it."""
    period = period_label(start, end)
    weekly = figures["received"]["unit"] == "week"
    if hidden is None:
        hidden = hidden_report_figures(figures, threshold)
    tables = [
        _series(
            "received",
            (
                _("Reports received per week, %(period)s")
                if weekly
                else _("Reports received per month, %(period)s")
            )
            % {"period": period},
            _("Week starting") if weekly else _("Month"),
            [
                (
                    date_format(first, "SHORT_DATE_FORMAT" if weekly else "YEAR_MONTH_FORMAT"),
                    sum(counts.values()),
                )
                for first, counts in figures["received"]["periods"]
            ],
            threshold,
            hidden=_hidden(
                hidden, [("received", index) for index in range(len(figures["received"]["periods"]))]
            ),
        ),
        _breakdown(
            "by-channel",
            _("Reports by how they were made, %(period)s") % {"period": period},
            _("Channel"),
            _choices(figures["by_channel"], Channel),
            threshold,
            hidden=_hidden(hidden, [("by_channel", code) for code in Channel.values]),
        ),
        _breakdown(
            "decisions",
            _("Decisions on the reports, %(period)s") % {"period": period},
            _("Decision"),
            _choices(figures["decisions"], Decision),
            threshold,
            hidden=_hidden(hidden, [("decisions", code) for code in Decision.values]),
        ),
        _days_table(figures["days_to_decision"], period, threshold, "decided" in hidden),
        _breakdown(
            "follow-up",
            _("Follow-up residents chose, %(period)s") % {"period": period},
            _("Follow-up"),
            _choices(figures["follow_up"], FollowUp),
            threshold,
            hidden=_hidden(hidden, [("follow_up", code) for code in FollowUp.values]),
        ),
        _follow_up_given_table(figures, period, threshold, hidden),
        *_in_person_tables(figures["in_person"], period, threshold, hidden),
        _breakdown(
            "screening-exits",
            _("Where the screening sent residents instead, %(period)s") % {"period": period},
            _("Sent to"),
            _choices(figures["screening_exits"], Exit),
            threshold,
            value_heading=_("Residents"),
        ),
    ]
    return _charted(tables)


def _days_table(days: dict, period: str, threshold: int, hidden: bool) -> Table:
    """How many were decided and how long it took; the durations hide with a hidden count."""
    return _durations_table(
        "days-to-decision",
        _("Days from report to decision, %(period)s") % {"period": period},
        (_("Reports decided"), days["decided"]),
        [
            (_("Median days to a decision"), days["median"]),
            (_("90th percentile of days to a decision"), days["p90"]),
        ],
        threshold,
        hidden,
    )


def _in_person_tables(in_person: dict, period: str, threshold: int, hidden: set) -> list[Table]:
    """Visits: days to the first one held, where they were held, those not kept; and the staff
    time per report, by channel."""
    days = in_person["days_to_visit"]
    places = {HOME: _("At home or another place of theirs")} | in_person["sites"]
    given = ("given", FollowUp.VISIT)  # those visited: the number who got the visit they chose
    return [
        _durations_table(
            "days-to-visit",
            _("Days from report to a visit, %(period)s") % {"period": period},
            (_("Residents visited, of those who chose a visit"), days["visited"]),
            [
                (_("Median days to the first visit held"), days["median"]),
                (_("90th percentile of days to the first visit held"), days["p90"]),
            ],
            threshold,
            given in hidden,
            more=[(_("Visits the resident was not there for"), in_person["visits_not_kept"])],
        ),
        _breakdown(
            "visited-at",
            _("Where residents who chose a visit were visited, %(period)s") % {"period": period},
            _("Place"),
            [(key, str(places[key]), n) for key, n in in_person["visited_at"].items()],
            threshold,
            value_heading=_("Residents visited"),
            hidden=_hidden(hidden, [("visited at", key) for key in in_person["visited_at"]], given),
        ),
        _staff_time_table(in_person["staff_time"], period, threshold),
    ]


def _staff_time_table(staff_time: dict, period: str, threshold: int) -> Table:
    """The median minutes of staff time per report with time recorded, for all reports and by
    channel; a median over as few reports as a hidden count is hidden."""
    # A channel no report with time recorded came by has no median to show or hide.
    groups = [
        (_("All reports"), staff_time["all"]),
        *(
            (str(Channel(code).label), staff_time[code])
            for code in Channel.values
            if staff_time[code]["reports"]
        ),
    ]
    figures = [
        Figure(label, None if 0 < group["reports"] <= threshold else group["median"])
        for label, group in groups
    ]
    return _figures_table(
        "staff-time",
        _("Minutes of staff time per report on visits and calls, %(period)s") % {"period": period},
        _("Channel"),
        _("Median minutes"),
        figures,
    )


def _follow_up_given_table(figures: dict, period: str, threshold: int, hidden: set) -> Table:
    """Per follow-up: how many got it, and what share of those who asked.
    Those who got it and those who did not are suppressed as a pair with the number who asked, and
    as `hidden_report_figures` says (a count and its share would give back a hidden number who asked)."""
    rows = []
    for code, given in figures["follow_up_given"].items():
        asked = figures["follow_up"][code]
        pair = suppress(
            [("given", given), ("not given", asked - given)],
            threshold,
            total=asked,
            with_total=True,
            hidden=frozenset({0} if ("given", code) in hidden else ()),
        )
        rows.append(Row(_relabel(pair.figures[0], str(FollowUp(code).label))))
    return Table(
        "follow-up-given",
        _("Residents who got the follow-up they chose, %(period)s") % {"period": period},
        _("Follow-up chosen"),
        _("Residents who got it"),
        rows,
        SuppressedGroup([row.figure for row in rows], None, False),
        True,
        percent_heading=_("Of those who chose it (%)"),
    )


def exits_by_week(weeks: list) -> tuple[Table, list[str], list[tuple[str, list[int]]]]:
    """For OPI's dashboard: residents sent elsewhere per week as a charted series of totals, and
    the same weeks split by exit (headings, rows). These counts name no one; nothing is hidden."""
    labels = [date_format(week, "SHORT_DATE_FORMAT") for week, _counts in weeks]
    totals = [(label, sum(counts.values())) for label, (_week, counts) in zip(labels, weeks, strict=True)]
    table = _series(
        "screening-exits-by-week",
        _("Residents the screening sent elsewhere, per week"),
        _("Week starting"),
        totals,
        0,
        _("Residents"),
    )
    headings = [str(label) for label in Exit.labels]
    rows = [(label, list(counts.values())) for label, (_week, counts) in zip(labels, weeks, strict=True)]
    return _charted([table])[0], headings, rows
