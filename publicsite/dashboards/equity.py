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
        (dimension_label(dimension), _charted(_equity_tables(dimension, groups, period, shares, hidden)))
        for dimension, groups in figures["by_group"].items()
    ]


def _equity_tables(dimension: str, groups: dict, period: str, shares: dict, hidden: set) -> list[Table]:
    """Each figure per answer to one demographic question, always with the demographic threshold."""
    name = dimension_label(dimension)
    slug = slugify(dimension)
    answers = [(code, category_label(dimension, code)) for code in groups]
    population = {code: shares.get((dimension, code)) for code in groups}
    measures = [
        (
            "reports",
            _("Reports by %(breakdown)s, %(period)s"),
            lambda group: group["reports"],
            _hidden(hidden, [("group", dimension, code) for code, _label in answers]),
        ),
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
        ),
    ]
    tables = [
        _breakdown(
            f"{measure}-by-{slug}",
            caption % {"breakdown": name.lower(), "period": period},
            name,
            [(code, label, read(groups[code])) for code, label in answers],
            REPORT_THRESHOLD,
            shares=population,
            hidden=measure_hidden,
        )
        for measure, caption, read, measure_hidden in measures
    ]
    medians = [
        Figure(label, groups[code]["days_to_decision"]["median"])
        if groups[code]["days_to_decision"]["decided"] > REPORT_THRESHOLD
        else Figure(label, None)
        for code, label in answers
    ]
    tables.append(
        _figures_table(
            f"days-by-{slug}",
            _("Median days from report to decision, by %(breakdown)s, %(period)s")
            % {"breakdown": name.lower(), "period": period},
            name,
            _("Median days"),
            medians,
        )
    )
    return tables
