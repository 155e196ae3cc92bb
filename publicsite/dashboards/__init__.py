"""The data page's tables and charts, built from public metric values and from the figures
`reporting.aggregates` counts on reports; OPI's dashboard shows the same tables. The map of
reports by ward is drawn by `publicsite.ward_map` from the same figures.

Every figure goes through `publicsite.suppression.suppress` once, here; the page's table, its
SVG chart and its CSV download are all drawn from the same `Table`, so they cannot disagree.
Figures broken down by the residents' demographic answers are always suppressed, on the staff
dashboard too: residents were promised those answers are only ever used as totals.

`tables` holds the `Table` and its text forms, `charts` the charts' geometry, `metrics` the
imported metrics' tables, `reports` the R4 pilot's tables and what to hide in them, `equity` its
figures by demographic answer.
"""

from publicsite.dashboards.charts import breakdown_chart, series_chart
from publicsite.dashboards.equity import equity_tables, whole_breakdown
from publicsite.dashboards.metrics import (
    SUPPRESSED_UNITS,
    metric_tables,
    metrics_tables,
    one_grid_level,
    population_shares,
)
from publicsite.dashboards.reports import (
    REPORT_THRESHOLD,
    REPORTS_PILOT,
    WARD_MEASURES,
    WardFigures,
    exits_by_week,
    hidden_report_figures,
    report_tables,
    ward_figures,
)
from publicsite.dashboards.tables import Row, Table, grid_csv, period_label, table_cells, table_csv

__all__ = [
    "REPORTS_PILOT",
    "REPORT_THRESHOLD",
    "SUPPRESSED_UNITS",
    "WARD_MEASURES",
    "Row",
    "Table",
    "WardFigures",
    "breakdown_chart",
    "equity_tables",
    "exits_by_week",
    "grid_csv",
    "hidden_report_figures",
    "metric_tables",
    "metrics_tables",
    "one_grid_level",
    "period_label",
    "population_shares",
    "report_tables",
    "series_chart",
    "table_cells",
    "table_csv",
    "ward_figures",
    "whole_breakdown",
]
