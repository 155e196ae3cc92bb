"""Small-number suppression: the one function every public figure goes through.

The data page, its charts and its CSV downloads all show the output of `suppress`, so a number
hidden in one can never appear in another.

Rules, for a group of counts that belong together (a series over time, or one period's breakdown
by category):

1. Primary suppression: a count from 1 to the threshold is hidden. Zero is shown: it
   identifies no one.
2. Derived figures: a hidden count's percentage is hidden too, and when the total is hidden,
   every percentage is (a percentage and a total give the count back). A rate within a group
   (`rate_of`: accepted of the group's reports, say) is hidden when its count or the count it is
   taken of is hidden; shown, it is the quotient of two counts shown, so it gives nothing back.
3. Complementary suppression: when the group's total is shown, the total minus the shown counts
   is the sum of the hidden ones. One hidden count would be that sum; two hidden counts that sum
   to 2 are both 1. So the smallest other non-zero counts are hidden as well until at least two
   are hidden and together they are more than the threshold. If none is left, the total is hidden.

These rules protect one table. Tables of periods that overlap would give a hidden count as the
difference of two shown ones, so every public table covers one period of a fixed grid
(`publicsite.forms.DataQuarterForm`, `publicsite.dashboards.one_grid_level`).

Tables that share figures are one set of sums: each group's reports are the sum of its decisions,
each decision's total is the sum over the groups, and both are shown in other tables. `protect`
applies rule 3 to every such sum (a "line": a total and the counts it adds up) at once, in both
directions, until no line needs anything more hidden; each table then starts from what it hid.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from numbers import Number


@dataclass(frozen=True)
class Figure:
    label: str
    value: Number | None
    percent: Decimal | None = None
    # No value to show, nothing hidden: a median of no decision (every count is shown as 0).
    empty: bool = False

    @property
    def suppressed(self) -> bool:
        return self.value is None and not self.empty


@dataclass(frozen=True)
class SuppressedGroup:
    figures: list[Figure]
    total: Number | None
    has_total: bool


@dataclass(frozen=True)
class Rate:
    """A part of a count as a percentage of it; None when hidden (`suppressed`) or of none."""

    percent: Decimal | None
    suppressed: bool = False


def rate_of(part: Figure, whole: Figure) -> Rate:
    """`part` as a percentage of `whole`, both as `suppress` left them (rule 2)."""
    if part.suppressed or whole.suppressed:
        return Rate(None, suppressed=True)
    return Rate(_percent(part.value, whole.value) if whole.value else None)


def suppress(
    values: list[tuple[str, Number]],
    threshold: int,
    *,
    total: Number | None = None,
    with_total: bool = False,
    hidden: frozenset[int] = frozenset(),
    total_hidden: bool = False,
) -> SuppressedGroup:
    """Apply the rules above to labelled counts; `with_total` shows a total (the given one or the sum).
    `hidden` (positions) and `total_hidden` are what `protect` hid for the tables this one shares with."""
    if with_total and total is None:
        total = sum(value for _label, value in values)
    hidden = set(hidden) | {
        index for index, (_label, value) in enumerate(values) if _is_small(value, threshold)
    }
    total_hidden = with_total and (total_hidden or _is_small(total, threshold))

    if with_total and hidden and not total_hidden:
        while not _protected(values, hidden, total, threshold):
            candidates = [
                (value, index)
                for index, (_label, value) in enumerate(values)
                if index not in hidden and value > 0
            ]
            if not candidates:
                total_hidden = True
                break
            hidden.add(min(candidates)[1])

    show_percent = with_total and not total_hidden and total
    figures = []
    for index, (label, value) in enumerate(values):
        if index in hidden:
            figures.append(Figure(label, None))
        else:
            percent = _percent(value, total) if show_percent else None
            figures.append(Figure(label, value, percent))
    return SuppressedGroup(figures, None if total_hidden else total, with_total)


def _protected(values: list[tuple[str, Number]], hidden: set[int], total: Number, threshold: int) -> bool:
    """Whether the total minus the shown counts gives no hidden count away (rule 3)."""
    left = total - sum(value for index, (_label, value) in enumerate(values) if index not in hidden)
    return len(hidden) >= 2 and left > threshold


def protect(
    values: dict,
    lines: list[tuple],
    threshold: int,
    unpublished: frozenset = frozenset(),
    hidden: frozenset = frozenset(),
) -> set:
    """The keys of `values` to hide so that no line gives a hidden count back; `lines` are
    (total key, [keys it adds up]), `unpublished` keys are counted in a total but shown nowhere,
    `hidden` keys are hidden already.

    Rule 1 hides the small counts, unpublished ones included: the others are treated as if shown,
    which assumes a reader knows more than they can. Then every line, rows and columns alike, is
    checked in turn until a whole pass changes nothing, because hiding a count for one line adds an
    unknown to the others it is in:

    - a line whose total is shown and that has hidden counts needs at least two of them, together
      more than the threshold; else another count is hidden (the smallest non-zero one that is not
      shown anyway, else the smallest shown one), or its total if none is left;
    - a line whose total is hidden needs a hidden count besides it, chosen the same way.

    Lines taken together can still fix a count that no line fixes alone (a group's row and a
    decision's column and the page's total). So the lines are then solved as a reader would solve
    them (`solve`), and while they give back a count from 1 to the threshold, the smallest shown
    count beside it is hidden too and everything is checked again.

    A total hidden here is hidden wherever the page shows it.
    """
    hidden = set(hidden) | {key for key, value in values.items() if _is_small(value, threshold)}
    while True:
        _hide_for_each_line(values, lines, threshold, unpublished, hidden)
        shown = {key: value for key, value in values.items() if key not in hidden and key not in unpublished}
        given_back = sorted(
            (values[key], repr(key), key)
            for key in solve(lines, shown, hidden - unpublished)
            if key not in unpublished and _is_small(values[key], threshold)
        )
        if not given_back:
            break
        # Several lines together give this count back: hide the smallest shown count beside it,
        # or, with none beside it, in any line that has a hidden count.
        fixed = given_back[0][2]
        beside = _smallest_shown(
            values, [line for line in lines if fixed in (line[0], *line[1])], hidden, unpublished
        )
        if beside is None:
            in_play = [line for line in lines if hidden.intersection((line[0], *line[1]))]
            beside = _smallest_shown(values, in_play, hidden, unpublished)
        if beside is None:
            break
        hidden.add(beside)
    return hidden - unpublished


def _smallest_shown(values: dict, lines: list[tuple], hidden: set, unpublished) -> object:
    shown = sorted(
        (values[key], repr(key), key)
        for total, members in lines
        for key in (*members, total)
        if key not in hidden and key not in unpublished and values[key]
    )
    return shown[0][2] if shown else None


def _hide_for_each_line(values: dict, lines: list[tuple], threshold: int, unpublished, hidden: set) -> None:
    """Rule 3 on every line, rows and columns alike, until a whole pass hides nothing more."""
    changed = True
    while changed:
        changed = False
        for total, members in lines:
            unknown = [key for key in members if key in hidden]
            if total in hidden:
                exposed = not unknown
            else:
                left = sum(values[key] for key in unknown)
                exposed = bool(unknown) and (len(unknown) < 2 or left <= threshold)
            candidates = [
                (key not in unpublished, values[key], index)
                for index, key in enumerate(members)
                if key not in hidden and values[key]
            ]
            if not exposed or (total in hidden and not candidates):  # all 0, so the total is too
                continue
            hidden.add(members[min(candidates)[2]] if candidates else total)
            changed = True


def solve(lines: list[tuple], known: dict, hidden: set) -> dict:
    """Every count the lines fix that `known` does not give, with its value, as a reader who writes
    each line (a total and the counts it adds up) as an equation finds them: those alone in an
    equation once the others are eliminated (Gauss-Jordan over fractions), and those of an equation
    whose unknowns can only each be at their least (1 for a count in `hidden`, since 0 is shown; 0
    for one shown nowhere). Counts found become known and the search goes on."""
    known = dict(known)
    found_in_all = {}
    while True:
        rows = []
        for total, members in lines:
            terms = {}
            for key in members:
                terms[key] = terms.get(key, 0) + 1
            terms[total] = terms.get(total, 0) - 1
            constant = -sum(Fraction(c) * known[key] for key, c in terms.items() if key in known)
            free = {key: Fraction(c) for key, c in terms.items() if key not in known and c}
            if free:
                rows.append((free, constant))
        found = {}
        for free, constant in rows:
            if all(c == 1 for c in free.values()):
                least = {key: int(key in hidden) for key in free}
                if sum(least.values()) == constant:
                    found.update(least)
        found = found or _alone_after_elimination(rows)
        if not found:
            return found_in_all
        known.update(found)
        found_in_all.update(found)


def _alone_after_elimination(rows: list) -> dict:
    """The unknowns alone in an equation once the equations are reduced (Gauss-Jordan, the
    unknowns in a fixed order), with their values. Each equation is kept as the few unknowns it
    has: some hundred equations of a few unknowns each reduce in milliseconds where a dense matrix
    of fractions took tens (`benchmarks/staff_queue.py`, the data page)."""
    keys = sorted({key for free, _constant in rows for key in free}, key=repr)
    rows = [(dict(free), constant) for free, constant in rows]
    pivots, used = [], set()
    for key in keys:
        waiting = (index for index, (free, _constant) in enumerate(rows) if index not in used and key in free)
        found = next(waiting, None)
        if found is None:
            continue
        free, constant = rows[found]
        scale = free[key]
        free = {other: c / scale for other, c in free.items()}
        constant /= scale
        rows[found] = (free, constant)
        for index, (other_free, other_constant) in enumerate(rows):
            factor = other_free.get(key)
            if index == found or factor is None:
                continue
            for other, c in free.items():
                value = other_free.get(other, 0) - factor * c
                if value:
                    other_free[other] = value
                else:
                    del other_free[other]
            rows[index] = (other_free, other_constant - factor * constant)
        pivots.append((found, key))
        used.add(found)
    return {key: rows[index][1] for index, key in pivots if len(rows[index][0]) == 1}


def _is_small(value: Number, threshold: int) -> bool:
    return 0 < value <= threshold


def _percent(value: Number, total: Number) -> Decimal:
    return (Decimal(value) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
