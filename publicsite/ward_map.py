"""A map of the wards drawn on the server as SVG: each ward filled by the band its count falls
in, a hidden count drawn hatched as "not shown", the ward numbers written on it and a legend.
No script, no map tiles, nothing fetched from elsewhere; the table beside it stays the
accessible source of the numbers (`publicsite/includes/ward_map.html` says so).

The shapes are GeoJSON geometries of longitudes and latitudes (`reporting.aggregates.ward_shapes`),
projected as a plane: longitudes scaled by the cosine of the city's middle latitude, so that a
kilometre east is as long as a kilometre north, which over one city is exact enough."""

import itertools
import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from publicsite.suppression import Figure

WIDTH = 640
MAP_HEIGHT = 480
PADDING = 8
LEGEND_ROW = 24
# Shades of USWDS blue, lightest first, each with the colour its ward numbers are written in
# (the dark or the white that contrasts with it by at least 4.5 to 1).
BANDS = (
    ("site-map__band-1", "site-map__label"),
    ("site-map__band-2", "site-map__label"),
    ("site-map__band-3", "site-map__label--light"),
    ("site-map__band-4", "site-map__label--light"),
)
HIDDEN = ("site-map__hidden", "site-map__label")


@dataclass(frozen=True)
class WardShape:
    ward: int
    path: str
    label_x: float
    label_y: float
    fill: str
    label_class: str
    suppressed: bool


@dataclass(frozen=True)
class LegendEntry:
    fill: str
    text: str
    y: int


@dataclass(frozen=True)
class WardMap:
    title: str
    width: int
    height: int
    wards: list[WardShape]
    legend: list[LegendEntry]


def ward_map(caption: str, figures: dict[int, Figure], shapes: dict[int, dict]) -> WardMap:
    """The map of `figures` (by ward, already suppressed) over the wards in `shapes`; a ward
    without a figure is left out of the map, as is a ward without a shape."""
    drawn = {ward: _polygons(shapes[ward]) for ward in sorted(shapes) if ward in figures}
    project = _projection(
        [point for polygons in drawn.values() for polygon in polygons for point in polygon[0]]
    )
    shown = [figure.value for ward, figure in figures.items() if ward in drawn and not figure.suppressed]
    bands = _bands(max(shown, default=0))
    wards = []
    for ward, polygons in drawn.items():
        figure = figures[ward]
        if figure.suppressed:
            fill, label_class = HIDDEN
        else:
            fill, label_class = BANDS[next(i for i, (_low, high) in enumerate(bands) if figure.value <= high)]
        rings = [[project(point) for point in ring] for polygon in polygons for ring in polygon]
        label_x, label_y = _label_point([project(point) for point in max(polygons, key=_area)[0]])
        wards.append(WardShape(ward, _path(rings), label_x, label_y, fill, label_class, figure.suppressed))
    legend_top = MAP_HEIGHT + PADDING
    entries = [(BANDS[i][0], _band_text(low, high)) for i, (low, high) in enumerate(bands)]
    if any(ward.suppressed for ward in wards):
        entries.append((HIDDEN[0], _("Not shown (suppressed)")))
    legend = [
        LegendEntry(fill, text, legend_top + index * LEGEND_ROW) for index, (fill, text) in enumerate(entries)
    ]
    return WardMap(caption, WIDTH, legend_top + len(legend) * LEGEND_ROW + PADDING, wards, legend)


def _polygons(geometry: dict) -> list:
    """A Polygon's or MultiPolygon's polygons, each a list of rings of [longitude, latitude]."""
    coordinates = geometry["coordinates"]
    return [coordinates] if geometry["type"] == "Polygon" else coordinates


def _projection(points: list):
    """A function from [longitude, latitude] to (x, y) on the map, fitting all `points` in it."""
    longitudes = [point[0] for point in points]
    latitudes = [point[1] for point in points]
    west, east, south, north = min(longitudes), max(longitudes), min(latitudes), max(latitudes)
    stretch = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * stretch, 1e-9)
    span_y = max(north - south, 1e-9)
    scale = min((WIDTH - 2 * PADDING) / span_x, (MAP_HEIGHT - 2 * PADDING) / span_y)
    # Centred across the width, from the top: north is up.
    left = (WIDTH - span_x * scale) / 2

    def project(point) -> tuple[float, float]:
        return (
            round(left + (point[0] - west) * stretch * scale, 1),
            round(PADDING + (north - point[1]) * scale, 1),
        )

    return project


def _path(rings: list[list[tuple]]) -> str:
    """SVG path data for rings, skipping points that fall where the one before them did."""
    parts = []
    for ring in rings:
        kept = [point for index, point in enumerate(ring) if index == 0 or point != ring[index - 1]]
        parts.append("M" + " L".join(f"{x} {y}" for x, y in kept) + " Z")
    return " ".join(parts)


def _area(polygon) -> float:
    return abs(_signed_area(polygon[0]))


def _signed_area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_a), (x2, y2, *_b) in itertools.pairwise(ring)) / 2


def _label_point(ring: list[tuple]) -> tuple[float, float]:
    """Where the ward's number goes: the centroid of its largest polygon's outline."""
    area = _signed_area(ring)
    if not area:
        return ring[0]
    pairs = list(itertools.pairwise(ring))
    x = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in pairs) / (6 * area)
    y = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in pairs) / (6 * area)
    return round(x, 1), round(y, 1)


def _bands(top) -> list[tuple[int, int]]:
    """Up to four bands of equal width from 0 to the largest count, as (lowest, highest) counts."""
    step = max(1, math.ceil(top / len(BANDS)))
    count = max(1, math.ceil(top / step))
    return [(0 if index == 0 else index * step + 1, (index + 1) * step) for index in range(count)]


def _band_text(low: int, high: int) -> str:
    return _("%(low)s to %(high)s") % {
        "low": number_format(low, force_grouping=True),
        "high": number_format(high, force_grouping=True),
    }
