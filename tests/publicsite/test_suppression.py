import itertools
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from publicsite.dashboards import one_grid_level
from publicsite.suppression import suppress


def shown(group):
    return [figure.value for figure in group.figures]


def test_counts_from_one_to_the_threshold_are_hidden_and_zero_is_shown():
    group = suppress([("Jan", 0), ("Feb", 1), ("Mar", 10), ("Apr", 11)], threshold=10)

    assert shown(group) == [0, None, None, 11]
    assert group.total is None
    assert not group.has_total


def test_a_single_hidden_count_beside_a_total_hides_the_smallest_other_count_too():
    group = suppress([("Black", 40), ("White", 3), ("Asian", 20), ("Other", 0)], threshold=5, with_total=True)

    assert shown(group) == [40, None, None, 0]
    assert group.total == 63


def test_no_hidden_count_can_be_worked_out_from_the_total():
    values = [("A", 40), ("B", 3), ("C", 20), ("D", 0)]
    group = suppress(values, threshold=5, with_total=True)

    unknown = [figure for figure in group.figures if figure.suppressed]
    assert len(unknown) != 1


def test_when_every_other_count_is_zero_the_total_is_hidden_instead():
    group = suppress([("A", 0), ("B", 4), ("C", 0)], threshold=5, with_total=True)

    assert shown(group) == [0, None, 0]
    assert group.has_total
    assert group.total is None


def test_percentages_are_hidden_with_their_counts():
    group = suppress([("A", 50), ("B", 2), ("C", 48)], threshold=5, with_total=True)

    assert [figure.percent for figure in group.figures] == [Decimal("50.0"), None, None]


def test_a_small_total_hides_everything_including_percentages():
    group = suppress([("A", 3), ("B", 0)], threshold=5, with_total=True)

    assert shown(group) == [None, 0]
    assert group.total is None
    assert all(figure.percent is None for figure in group.figures)


def test_a_given_total_is_used_for_percentages():
    group = suppress([("A", 30), ("B", 20)], threshold=5, total=200, with_total=True)

    assert group.total == 200
    assert [figure.percent for figure in group.figures] == [Decimal("15.0"), Decimal("10.0")]


def test_a_threshold_of_zero_hides_nothing():
    group = suppress([("A", 1), ("B", 2)], threshold=0, with_total=True)

    assert shown(group) == [1, 2]
    assert group.total == 3


def test_two_hidden_counts_that_sum_to_two_are_not_left_alone():
    # Total 52 minus the 50 shown leaves 2 for two hidden counts: each would have to be 1.
    group = suppress([("A", 1), ("B", 1), ("C", 50)], threshold=10, with_total=True)

    assert shown(group) == [None, None, None]
    assert group.total == 52


@given(
    counts=st.lists(st.integers(0, 30), min_size=1, max_size=8),
    threshold=st.integers(0, 10),
    extra=st.integers(0, 5),
)
def test_the_total_never_gives_back_what_a_table_hides(counts, threshold, extra):
    values = [(str(index), count) for index, count in enumerate(counts)]
    total = sum(counts) + extra  # a given total may count what no row does

    group = suppress(values, threshold, total=total, with_total=True)

    hidden = [figure for figure in group.figures if figure.suppressed]
    assert all(figure.value > threshold for figure in group.figures if figure.value)
    if hidden and group.total is not None:
        # At least two unknowns, and their sum leaves each of them more than one value.
        left = group.total - sum(figure.value for figure in group.figures if not figure.suppressed)
        assert len(hidden) >= 2
        assert left > threshold
    assert all(figure.percent is None for figure in hidden)


periods = st.builds(
    lambda start, days: (start, start + timedelta(days=days)),
    st.dates(date(2024, 1, 1), date(2024, 12, 31)),
    st.integers(0, 120),
)


@given(st.sets(periods, max_size=12))
def test_metric_periods_on_one_grid_level_never_overlap(given_periods):
    kept = sorted(one_grid_level(given_periods))

    assert set(kept) <= given_periods
    assert all(earlier[1] < later[0] for earlier, later in itertools.pairwise(kept))
    # Nothing is dropped for no reason: a period left out contains or overlaps another.
    for period in given_periods - set(kept):
        assert any(
            other != period and other[0] <= period[1] and period[0] <= other[1] for other in given_periods
        )


def test_a_quarter_beside_its_months_shows_only_the_months():
    months = {(date(2024, m, 1), date(2024, m, 28)) for m in (1, 2, 3)}

    assert one_grid_level({*months, (date(2024, 1, 1), date(2024, 3, 31))}) == months
