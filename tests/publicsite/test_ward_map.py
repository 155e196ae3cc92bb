"""The map of reports by ward, drawn on the server: a path per ward, shaded by its band, hidden
counts hatched and said in the legend, north up and east to the right, a text alternative."""

import re

from django.template.loader import render_to_string

from publicsite.suppression import Figure
from publicsite.ward_map import BANDS, HIDDEN, MAP_HEIGHT, WIDTH, ward_map
from tests.factories import ward_square


def figures(counts: dict) -> dict[int, Figure]:
    return {ward: Figure(f"Ward {ward}", count) for ward, count in counts.items()}


def drawn(counts: dict, wards=None) -> dict:
    wards = wards or list(counts)
    return {
        shape.ward: shape
        for shape in ward_map("Reports by ward", figures(counts), {w: ward_square(w) for w in wards}).wards
    }


def test_each_ward_is_one_path_labelled_with_its_number():
    shapes = drawn({1: 5, 2: 40, 3: None})

    assert sorted(shapes) == [1, 2, 3]
    for shape in shapes.values():
        assert shape.path.startswith("M") and shape.path.endswith("Z")
        assert shape.path.count("M") == 1


def test_north_is_up_and_east_is_right():
    # Ward 1 is west of ward 2 and north of ward 5 (tests.factories.ward_square).
    shapes = drawn({1: 1, 2: 1, 5: 1})

    assert shapes[1].label_x < shapes[2].label_x
    assert shapes[1].label_y < shapes[5].label_y
    assert shapes[1].label_y == shapes[2].label_y


def test_longitudes_are_scaled_by_the_cosine_of_the_latitude():
    # A square of 0.04 degrees by 0.03: at 45 degrees north, 0.04 * cos(45) = 0.028 wide.
    shape = drawn({1: 1})[1]
    xs = [float(x) for x in re.findall(r"([\d.]+) [\d.]+", shape.path)]
    ys = [float(y) for y in re.findall(r"[\d.]+ ([\d.]+)", shape.path)]
    width, height = max(xs) - min(xs), max(ys) - min(ys)

    assert abs(width / height - 0.04 * 0.7071 / 0.03) < 0.02
    assert max(xs) <= WIDTH and max(ys) <= MAP_HEIGHT


def test_wards_are_shaded_by_their_band_and_a_hidden_one_is_hatched():
    shapes = drawn({1: 0, 2: 10, 3: 19, 4: 40, 5: None})

    assert shapes[1].fill == BANDS[0][0]
    assert shapes[2].fill == BANDS[0][0]  # bands of 10: 0 to 10, 11 to 20, ...
    assert shapes[3].fill == BANDS[1][0]
    assert shapes[4].fill == BANDS[3][0]
    assert shapes[5].fill == HIDDEN[0] and shapes[5].suppressed


def test_the_legend_names_each_band_and_says_what_is_not_shown():
    drawing = ward_map(
        "Reports by ward", figures({1: 0, 2: 40, 3: None}), {w: ward_square(w) for w in (1, 2, 3)}
    )

    assert [entry.text for entry in drawing.legend] == [
        "0 to 10",
        "11 to 20",
        "21 to 30",
        "31 to 40",
        "Not shown (suppressed)",
    ]


def test_with_nothing_hidden_the_legend_says_nothing_of_hiding():
    drawing = ward_map("Reports by ward", figures({1: 2, 2: 3}), {w: ward_square(w) for w in (1, 2)})

    assert "Not shown (suppressed)" not in [entry.text for entry in drawing.legend]


def test_a_multipolygon_ward_is_one_path_of_its_parts():
    square = ward_square(1)["coordinates"]
    island = [[[x, y - 0.1] for x, y in square[0]]]
    drawing = ward_map(
        "Reports by ward", figures({1: 3}), {1: {"type": "MultiPolygon", "coordinates": [square, island]}}
    )

    assert drawing.wards[0].path.count("M") == 2


def test_the_svg_is_an_image_with_a_title_that_points_to_the_table():
    drawing = ward_map(
        "Reports by ward, July 2026", figures({1: 3, 2: None}), {w: ward_square(w) for w in (1, 2)}
    )

    svg = render_to_string("publicsite/includes/ward_map.html", {"ward_map": drawing, "map_id": "m"})

    assert 'role="img"' in svg
    assert 'aria-labelledby="m-title"' in svg
    assert re.search(r'<title id="m-title">Map: Reports by ward, July 2026\..*table below\.</title>', svg)
    assert svg.count("<path ") == 2
    assert svg.count('fill="url(#m-hatch)"') == 2  # the hidden ward and its legend entry
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org", "")
