"""The R4 pilot's figures by the answers to the optional demographic questions."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from publicsite.dashboards.charts import _charted
from publicsite.dashboards.reports import REPORT_THRESHOLD, _hidden, hidden_report_figures
from publicsite.dashboards.tables import Table, _breakdown, _figures_table, period_label
from publicsite.suppression import Figure
from reporting.aggregates import Decision
from reporting.demographics import category_label, dimension_label


def equity_tables(
    figures: dict, start, end, shares: dict, hidden: set | None = None
) -> list[tuple[str, list[Table]]]:
    """Per demographic question, its name and each figure by answer, always hiding counts up to
    `REPORT_THRESHOLD`, and what hiding them hides in the rest of the grid of answers by decision
    (`hidden`: `hidden_report_figures` at that threshold, computed here unless the caller has it);
    `shares` maps (question, answer) codes to a share of the population."""
    period = period_label(start, end)
    if hidden is None:
        hidden = hidden_report_figures(figures, REPORT_THRESHOLD)
    return [
        (
            dimension_label(dimension),
            _charted(_equity_tables(dimension, groups, period, shares, hidden, REPORT_THRESHOLD)),
        )
        for dimension, groups in figures["by_group"].items()
    ]


def whole_breakdown(figures: dict, dimension: str, start, end, shares: dict) -> tuple[str, list[Table]]:
    """For OPI: the same figures by the answers to one question, with no count hidden. One
    question only: two crossed make groups small enough to single a resident out."""
    tables = _equity_tables(
        dimension, figures["by_group"][dimension], period_label(start, end), shares, set(), 0, whole=True
    )
    return dimension_label(dimension), _charted(tables)


def _equity_tables(
    dimension: str, groups: dict, period: str, shares: dict, hidden: set, threshold: int, whole: bool = False
) -> list[Table]:
    """Each figure per answer to one demographic question, hiding counts up to `threshold`; the
    accepted reports and the follow-up given also as a rate of each group's reports. `whole`
    tables (nothing hidden) have slugs and captions of their own, so they are never taken for
    the others."""
    name = dimension_label(dimension)
    slug = slugify(dimension)
    prefix = "whole-" if whole else ""
    answers = [(code, category_label(dimension, code)) for code in groups]
    population = {code: shares.get((dimension, code)) for code in groups}
    reports = _breakdown(
        f"{prefix}reports-by-{slug}",
        _caption(_("Reports by %(breakdown)s, %(period)s"), name, period, whole),
        name,
        [(code, label, groups[code]["reports"]) for code, label in answers],
        threshold,
        shares=population,
        hidden=_hidden(hidden, [("group", dimension, code) for code, _label in answers]),
    )
    # Each resident chooses a follow-up as they report: those who chose one are the group's reports.
    of_reports = [row.figure for row in reports.rows]
    measures = [
        *(
            (
                decision,
                caption,
                lambda group, decision=decision: group["decisions"][decision],
                _hidden(
                    hidden,
                    [("cell", dimension, code, decision) for code, _label in answers],
                    ("decisions", decision),
                ),
                (_("Accepted, of the group's reports (%)"), of_reports)
                if decision == Decision.ACCEPTED
                else None,
            )
            for decision, caption in (
                (Decision.ACCEPTED, _("Accepted reports by %(breakdown)s, %(period)s")),
                (Decision.REFERRED, _("Referred reports by %(breakdown)s, %(period)s")),
                (Decision.DECLINED, _("Declined reports by %(breakdown)s, %(period)s")),
                (Decision.WITHDRAWN, _("Withdrawn reports by %(breakdown)s, %(period)s")),
            )
        ),
        (
            "follow-up-given",
            _("Residents who got the follow-up they chose, by %(breakdown)s, %(period)s"),
            lambda group: group["follow_up_given"],
            _hidden(hidden, [("given by", dimension, code) for code, _label in answers], "given"),
            (_("Got it, of the group's residents who chose one (%)"), of_reports),
        ),
    ]
    tables = [reports] + [
        _breakdown(
            f"{prefix}{measure}-by-{slug}",
            _caption(caption, name, period, whole),
            name,
            [(code, label, read(groups[code])) for code, label in answers],
            threshold,
            shares=population,
            hidden=measure_hidden,
            of=of,
        )
        for measure, caption, read, measure_hidden, of in measures
    ]
    medians = [_median(label, groups[code]["days_to_decision"], threshold) for code, label in answers]
    tables.append(
        _figures_table(
            f"{prefix}days-by-{slug}",
            _caption(
                _("Median days from report to decision, by %(breakdown)s, %(period)s"), name, period, whole
            ),
            name,
            _("Median days"),
            medians,
        )
    )
    return tables


def _median(label: str, days: dict, threshold: int) -> Figure:
    """A group's median days to a decision: hidden over as few decisions as a hidden count; of
    none, empty (the group's decisions are all shown as 0, so nothing is hidden)."""
    if not days["decided"]:
        return Figure(label, None, empty=True)
    return Figure(label, days["median"] if days["decided"] > threshold else None)


def _caption(caption: str, name: str, period: str, whole: bool) -> str:
    caption = caption % {"breakdown": name.lower(), "period": period}
    return _("%(caption)s, no count hidden") % {"caption": caption} if whole else caption
