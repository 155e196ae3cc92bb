from decimal import Decimal

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
