"""No hidden count comes back from the sums the data page publishes across its tables: a reader who
writes every table of one quarter as equations (each total is the sum of its rows; each answer's
reports are the sum of its decisions, closed and waiting included though no group shows them; each
decision's total is the sum over the answers; the reports, the accepted and those given the
follow-up they chose, by ward, add up to their totals) and solves them, using that a hidden count
is at least 1 (zeros are shown), finds no count from 1 to the threshold."""

import csv
import io
import itertools
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import F
from hypothesis import example, given, settings
from hypothesis import strategies as st

from publicsite.dashboards import REPORT_THRESHOLD, equity_tables, report_tables, table_csv, ward_figures
from publicsite.suppression import solve
from reporting.aggregates import Channel, Decision, Exit, FollowUp
from reporting.demographics import DIMENSIONS, categories
from reporting.models import WARDS, Report
from tests.factories import make_report
from tests.publicsite.test_report_figures import into_last_quarter

HIDDEN = "suppressed"
SHOWN_PER_GROUP = [Decision.ACCEPTED, Decision.REFERRED, Decision.DECLINED, Decision.WITHDRAWN]
ONE_DIMENSION_TABLES = {
    "received": "received",
    "by-channel": "channel",
    "decisions": "decision",
    "follow-up": "follow",
}


def read(csv_text: str, column: int = 1) -> dict[str, str]:
    return {row[0]: row[column] for row in list(csv.reader(io.StringIO(csv_text)))[1:] if len(row) > column}


def equations(tables: dict[str, dict[str, str]]) -> tuple[list[tuple[list, object]], dict, set]:
    """The page's sums as (variables, total variable), the values shown, and the variables hidden."""
    sums, shown, published = [], {}, set()

    def publish(variable, text: str) -> None:
        published.add(variable)
        if text != HIDDEN:
            shown[variable] = int(text)

    for slug, rows in tables.items():
        prefix = ONE_DIMENSION_TABLES.get(slug)
        question = next((q for q in DIMENSIONS if slug.endswith(f"-by-{q}")), None)
        if prefix:
            members = [(prefix, label) for label in rows if label != "Total"]
        elif question and slug.startswith("reports-"):
            members = [("group", question, label) for label in rows if label != "Total"]
        elif question and slug.startswith("follow-up-given-"):
            members = [("given by", question, label) for label in rows if label != "Total"]
            for member in members:
                publish(member, rows[member[2]])
            publish("given", rows["Total"])
            sums.append((members, "given"))
            continue
        elif question and slug.split("-by-")[0] in SHOWN_PER_GROUP:
            decision = str(Decision(slug.split("-by-")[0]).label)
            members = [("cell", question, label, decision) for label in rows if label != "Total"]
            publish(("decision", decision), rows["Total"])
            for member in members:
                publish(member, rows[member[2]])
            continue
        else:
            continue
        for member in members:
            publish(member, rows[member[-1]])
        publish("reports", rows["Total"])
        sums.append((members, "reports"))
    for question in DIMENSIONS:
        answers = [variable[2] for variable in published if variable[:2] == ("group", question)]
        for answer in answers:
            cells = [("cell", question, answer, str(label)) for label in Decision.labels]
            sums.append((cells, ("group", question, answer)))
        for label in Decision.labels:
            sums.append(
                ([("cell", question, answer, str(label)) for answer in answers], ("decision", str(label)))
            )
    if "days-to-decision" in tables:  # a decision that stands is accepted, referred or declined
        publish("decided", tables["days-to-decision"]["Reports decided"])
        decided = [
            ("decision", str(code.label))
            for code in (Decision.ACCEPTED, Decision.REFERRED, Decision.DECLINED)
        ]
        sums.append((decided, "decided"))
    if "follow-up-given" in tables:  # of those who chose each follow-up, how many got it, and the share
        for label, text in tables["follow-up-given"].items():
            publish(("given", label), text)
            sums.append(([("given", label), ("not given", label)], ("follow", label)))
            share = tables["follow-up-given-share"][label]
            if text != HIDDEN and share not in (HIDDEN, "") and int(text):
                chose = [n for n in range(int(text), 1000) if percent(int(text), n) == Decimal(share)]
                if len(chose) == 1:
                    shown[("follow", label)] = chose[0]
        sums.append(([("given", label) for label in tables["follow-up-given"]], "given"))
    visit = str(FollowUp.VISIT.label)
    if "days-to-visit" in tables:  # those visited are those who got the visit they chose
        publish(("given", visit), tables["days-to-visit"]["Residents visited, of those who chose a visit"])
    if "visited-at" in tables:  # and add up over where they were visited
        places = [("visited at", label) for label in tables["visited-at"] if label != "Total"]
        for place in places:
            publish(place, tables["visited-at"][place[1]])
        publish(("given", visit), tables["visited-at"]["Total"])
        sums.append((places, ("given", visit)))
    accepted = ("decision", str(Decision.ACCEPTED.label))
    for slug, measure, total in (
        ("reports-by-ward", "ward", "reports"),
        ("accepted-by-ward", "accepted in ward", accepted),
        ("follow-up-given-by-ward", "given in ward", "given"),
    ):
        if slug in tables:  # each measure by ward adds up to its total, not matched included
            members = [(measure, label) for label in tables[slug] if label != "Total"]
            for member in members:
                publish(member, tables[slug][member[1]])
            publish(total, tables[slug]["Total"])
            sums.append((members, total))
    hidden = published - shown.keys()
    return sums, shown, hidden


def percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def assert_no_small_count_comes_back(tables: dict[str, dict[str, str]]) -> None:
    sums, shown, hidden = equations(tables)
    solved = solve([(total, members) for members, total in sums], shown, hidden)
    given_back = {v: n for v, n in solved.items() if v in hidden and 1 <= n <= REPORT_THRESHOLD}
    assert not given_back, given_back


# Synthetic quarters: a number of reports for each (decision, gender, race or ethnicity), mostly
# around the threshold, with only a few of the decisions made, as in a quarter where nothing is
# left waiting; each cell's reports share a week, a channel and a follow-up.
CELLS = list(itertools.product(Decision.values, ["woman", "man"], ["black", "white", ""]))


@st.composite
def quarters(draw) -> list[tuple]:
    made = draw(st.lists(st.sampled_from(Decision.values), min_size=1, max_size=3, unique=True))
    reports = []
    for decision, gender, race in CELLS:
        if decision in made:
            count = draw(st.one_of(st.just(0), st.integers(1, 2 * REPORT_THRESHOLD), st.integers(0, 40)))
            week = draw(st.integers(0, 3))
            channel = draw(st.sampled_from(Channel.values))
            follow_up = draw(st.sampled_from(FollowUp.values))
            got_it = draw(st.integers(0, count))
            reports += [(week, channel, follow_up, decision, gender, race, True)] * got_it
            reports += [(week, channel, follow_up, decision, gender, race, False)] * (count - got_it)
    return reports


# The leak this test was written for: 15 Black women, 4 accepted and 11 referred; 50 White men,
# 5 accepted, 20 referred and 25 declined; the closed and waiting totals shown as 0.
def in_one_week(cells: list[tuple], *, got_it: bool) -> list[tuple]:
    """Reports of one week, online, for these (decision, gender, race or ethnicity, how many)."""
    return [
        (0, "online", "online", decision, gender, race, got_it)
        for decision, gender, race, count in cells
        for _ in range(count)
    ]


GROUP_MINUS_ITS_DECISIONS = in_one_week(
    [
        ("accepted", "woman", "black", 4),
        ("referred", "woman", "black", 11),
        ("accepted", "man", "white", 5),
        ("referred", "man", "white", 20),
        ("declined", "man", "white", 25),
    ],
    got_it=True,
)


# The leak the row-and-column rule left: Black's 12 and the page's 24 leave White and "not answered"
# 12 together, the 11 referred are theirs, so "not answered" accepted is 12 - 11 = 1.
ROW_COLUMN_AND_TOTAL = in_one_week(
    [
        ("accepted", "woman", "", 1),
        ("accepted", "woman", "black", 4),
        ("declined", "man", "black", 8),
        ("referred", "man", "", 10),
        ("referred", "man", "white", 1),
    ],
    got_it=False,
)


def figures_of(reports: list[tuple]) -> dict:
    """What `reporting.aggregates.pilot_figures` would count for these reports."""
    first = date(2025, 7, 7)
    weeks = [(first + timedelta(weeks=w), dict.fromkeys(Channel.values, 0)) for w in range(4)]
    by_group = {
        question: {
            answer: {"reports": 0, "decisions": dict.fromkeys(Decision.values, 0), "follow_up_given": 0}
            for answer in categories(question)
        }
        for question in DIMENSIONS
    }
    for week, channel, _follow_up, decision, gender, race, got_it in reports:
        weeks[week][1][channel] += 1
        for question, answer in (("gender", gender), ("race_ethnicity", race), ("age_range", "")):
            group = by_group[question][answer]
            group["reports"] += 1
            group["decisions"][decision] += 1
            group["follow_up_given"] += got_it
    for groups in by_group.values():
        for group in groups.values():
            group["days_to_decision"] = {"decided": 0, "median": None, "p90": None}

    visited = [r for r in reports if r[2] == "visit" and r[6]]
    by_ward = {ward: {"reports": 0, "accepted": 0, "follow_up_given": 0} for ward in [*WARDS, None]}
    for week, _channel, _follow_up, decision, gender, _race, got_it in reports:
        counts = by_ward[ward_of(week, gender)]
        counts["reports"] += 1
        counts["accepted"] += decision == Decision.ACCEPTED
        counts["follow_up_given"] += got_it

    def count(position, values):
        return {value: sum(1 for r in reports if r[position] == value) for value in values}

    return {
        "reports": len(reports),
        "received": {"unit": "week", "periods": weeks},
        "by_channel": count(1, Channel.values),
        "decisions": count(3, Decision.values),
        "follow_up": count(2, FollowUp.values),
        "follow_up_given": {
            code: sum(1 for r in reports if r[2] == code and r[6]) for code in FollowUp.values
        },
        "days_to_decision": {
            "decided": sum(1 for r in reports if r[3] in ("accepted", "referred", "declined")),
            "median": 1.0,
            "p75": 2.0,
            "p90": 3.0,
        },
        "screening_exits": dict.fromkeys(Exit.values, 0),
        "by_group": by_group,
        "by_ward": by_ward,
        "in_person": {
            "days_to_visit": {"visited": len(visited), "median": 2.0, "p90": 4.0},
            # Visits of even weeks at home, of odd weeks at the one site.
            "visited_at": {
                "home": sum(1 for r in visited if r[0] % 2 == 0),
                SITE: sum(1 for r in visited if r[0] % 2),
            },
            "sites": {SITE: "Demo site"},
            "visits_not_kept": 0,
            "staff_time": {name: {"reports": 0, "median": None} for name in ("all", *Channel.values)},
        },
    }


SITE = 1


def ward_of(week: int, gender: str) -> int | None:
    """A ward for a cell's reports, so that wards cut across the weeks and the groups; the reports
    of one in four are not matched to a ward."""
    return (None, 1, 2, 13)[(week + (gender == "man")) % 4]


def csv_files(figures: dict) -> dict[str, str]:
    """Every table of the page as its CSV download (the page and chart show the same tables)."""
    start, end = date(2025, 7, 1), date(2025, 9, 30)
    every = [
        *report_tables(figures, start, end, threshold=REPORT_THRESHOLD),
        *itertools.chain.from_iterable(tables for _h, tables in equity_tables(figures, start, end, {})),
        *ward_figures(figures, {}, start, end, threshold=REPORT_THRESHOLD).tables,
    ]
    return {table.slug: table_csv(table) for table in every}


def published(figures: dict) -> dict[str, dict[str, str]]:
    files = csv_files(figures)
    return {slug: read(text) for slug, text in files.items()} | {
        "follow-up-given-share": read(files["follow-up-given"], 2)
    }


# 3,000 random quarters passed once the rule solved the lines as this test does; the suite runs a
# fixed 200 (make test-fast 20: four times the profile's examples; 500 took 80 s of the suite),
# with the two cases that broke earlier rules.
@settings(max_examples=4 * settings.default.max_examples, deadline=None, derandomize=True)
@given(quarters())
@example(GROUP_MINUS_ITS_DECISIONS)
@example(ROW_COLUMN_AND_TOTAL)
def test_no_hidden_count_can_be_solved_from_every_sum_the_page_publishes(reports):
    assert_no_small_count_comes_back(published(figures_of(reports)))


@pytest.mark.django_db
def test_a_groups_reports_minus_its_shown_decisions_is_no_hidden_count(client):
    # 15 women: 4 accepted, 11 referred; 50 men: 5 accepted, 20 referred, 25 declined. Nothing is
    # closed or waiting, so a woman's accepted reports were 15 - 11 with only small counts hidden.
    for gender, statuses in (
        ("woman", [("accepted", 4), ("referred", 11)]),
        ("man", [("accepted", 5), ("referred", 20), ("declined", 25)]),
    ):
        for status, count in statuses:
            for _ in range(count):
                made, _link = make_report(gender=gender)
                Report.objects.filter(pk=made.pk).update(status=status)
    into_last_quarter()
    Report.objects.exclude(status="submitted").update(decided_at=F("created_at") + timedelta(days=1))
    slugs = [
        "days-to-decision",
        *ONE_DIMENSION_TABLES,
        *(f"{m}-by-{q}" for q in DIMENSIONS for m in ["reports", *SHOWN_PER_GROUP]),
    ]
    tables = {}
    for slug in slugs:
        response = client.get(f"/data/reports/{slug}.csv")
        assert response.status_code == 200
        tables[slug] = read(response.content.decode())

    assert tables["accepted-by-gender"]["Woman"] == HIDDEN
    assert_no_small_count_comes_back(tables)


def test_the_share_who_got_a_follow_up_gives_back_no_number_the_follow_up_table_hides():
    # 3 asked for a call (none got it), so the 25 who asked for a visit are hidden beside them; 13
    # of those 25 got one, and "52%" beside the 13 would give back 25, and then the 3.
    reports = [(0, "online", "online", "accepted", "", "", True)] * 30
    reports += [(0, "online", "phone", "accepted", "", "", False)] * 3
    reports += [(0, "online", "visit", "accepted", "", "", got_it) for got_it in [True] * 13 + [False] * 12]
    figures = figures_of(reports)

    files = csv_files(figures)

    assert read(files["follow-up"])["An in-person visit from City staff"] == HIDDEN
    rows = list(csv.reader(io.StringIO(files["follow-up-given"])))
    assert rows[3] == ["An in-person visit from City staff", HIDDEN, HIDDEN]
