"""The geometry of the SVG charts drawn beside the tables (and in the Council report)."""

from publicsite.dashboards.tables import Table

CHART_WIDTH = 640
BAR_CHART_HEIGHT = 240
MARGIN_LEFT = 56
MARGIN_BOTTOM = 36
MARGIN_TOP = 16
ROW_HEIGHT = 32
LABEL_WIDTH = 160


def series_chart(table: Table) -> dict:
    """Vertical bars, one per period; a hidden value leaves its slot empty."""
    plot_width = CHART_WIDTH - MARGIN_LEFT
    plot_height = BAR_CHART_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = max((row.figure.value for row in table.rows if not row.figure.suppressed), default=0) or 1
    slot = plot_width / max(len(table.rows), 1)
    label_every = max(1, round(len(table.rows) / 8))
    bars = []
    for index, row in enumerate(table.rows):
        value = row.figure.value
        height = 0 if value is None else float(value) / float(top) * plot_height
        bars.append(
            {
                "x": round(MARGIN_LEFT + index * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": round(MARGIN_TOP + plot_height - height, 1),
                "height": round(height, 1),
                "label_x": round(MARGIN_LEFT + index * slot + slot / 2, 1),
                "label": row.figure.label if index % label_every == 0 else "",
                "suppressed": value is None,
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": BAR_CHART_HEIGHT,
        "bars": bars,
        "axis_x": MARGIN_LEFT,
        "axis_top": MARGIN_TOP,
        "baseline": MARGIN_TOP + plot_height,
        "label_y": MARGIN_TOP + plot_height + 20,
        "top_value": top,
    }


def breakdown_chart(table: Table) -> dict:
    """Horizontal bars of each group's share of the total (or its count when the total is hidden),
    with a marker at the group's share of the population where staff entered one."""
    as_percent = table.group.total is not None and bool(table.group.total)
    plot_width = CHART_WIDTH - LABEL_WIDTH - 16
    shown = [row.figure.percent if as_percent else row.figure.value for row in table.rows]
    top = 100 if as_percent else (max((value for value in shown if value is not None), default=0) or 1)
    bars = []
    for index, (row, value) in enumerate(zip(table.rows, shown, strict=True)):
        y = MARGIN_TOP + index * ROW_HEIGHT
        population = row.population if as_percent else None
        bars.append(
            {
                "y": y,
                "text_y": y + ROW_HEIGHT * 0.6,
                "height": ROW_HEIGHT * 0.6,
                "width": 0 if value is None else round(float(value) / float(top) * plot_width, 1),
                "label": row.figure.label,
                "suppressed": value is None,
                "marker_x": None
                if population is None
                else round(LABEL_WIDTH + float(population) / 100 * plot_width, 1),
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": MARGIN_TOP * 2 + len(table.rows) * ROW_HEIGHT,
        "bars": bars,
        "axis_x": LABEL_WIDTH,
        "as_percent": as_percent,
    }


def _charted(tables: list[Table]) -> list[Table]:
    for table in tables:
        if table.charted:
            table.chart = breakdown_chart(table) if table.is_breakdown else series_chart(table)
    return tables
