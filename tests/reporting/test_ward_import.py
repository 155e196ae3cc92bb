"""Importing the wards' shapes from a GeoJSON file in the admin: Supervisors and OPI staff only,
a clear message for each kind of bad file with nothing saved, and a good file replacing every
shape at once with a record of who imported it."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting.models import WardBoundary, WardImport
from tests.factories import make_ward_shapes, ward_square

pytestmark = pytest.mark.django_db


def import_url() -> str:
    return reverse("admin:reporting_wardboundary_import")


def feature(ward, geometry=None, **properties) -> dict:
    return {
        "type": "Feature",
        "properties": {"ward": ward, **properties},
        "geometry": geometry or ward_square(ward if isinstance(ward, int) and 1 <= ward <= 13 else 1),
    }


def geojson(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def post(client, content: bytes, ward_property: str = "ward"):
    upload = SimpleUploadedFile("wards.geojson", content, content_type="application/geo+json")
    return client.post(import_url(), {"geojson": upload, "ward_property": ward_property})


def test_anonymous_visitors_are_sent_to_sign_in(anonymous):
    response = anonymous.get(import_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("persona", ["staff_without_group", "report_taker"])
def test_other_staff_cannot_import_or_see_the_shapes(persona, request):
    client = request.getfixturevalue(persona)

    assert client.get(import_url()).status_code == 403
    assert post(client, geojson(feature(1))).status_code == 403
    assert client.get(reverse("admin:reporting_wardboundary_changelist")).status_code == 403
    assert client.get(reverse("admin:reporting_wardimport_changelist")).status_code == 403
    assert not WardBoundary.objects.exists()


@pytest.mark.parametrize("persona", ["opi_staff", "supervisor"])
def test_supervisors_and_opi_staff_import_the_shapes(persona, request):
    client = request.getfixturevalue(persona)
    assert (
        "Import the wards" in client.get(reverse("admin:reporting_wardboundary_changelist")).content.decode()
    )

    response = post(client, geojson(feature(1, name="Ward One"), feature("2"), feature(13)))

    assert response.status_code == 302
    assert list(WardBoundary.objects.values_list("ward", "name")) == [
        (1, "Ward One"),
        (2, "Ward 2"),
        (13, "Ward 13"),
    ]
    assert WardBoundary.objects.get(ward=13).geometry == ward_square(13)
    imported = WardImport.objects.get()
    assert (imported.file_name, imported.ward_count, imported.imported_by.username) == (
        "wards.geojson",
        3,
        client.session.get("_auth_user_id") and imported.imported_by.username,
    )
    assert client.get(reverse("admin:reporting_wardimport_changelist")).status_code == 200


def test_a_new_file_replaces_every_shape_at_once(supervisor):
    make_ward_shapes()

    post(supervisor, geojson(feature(4), feature(5)))

    assert list(WardBoundary.objects.values_list("ward", flat=True)) == [4, 5]
    assert WardImport.objects.count() == 2


def test_the_property_can_be_named_as_the_file_names_it(supervisor):
    content = geojson({"type": "Feature", "properties": {"WARD": 6}, "geometry": ward_square(6)})

    assert post(supervisor, content, ward_property="WARD").status_code == 302
    assert list(WardBoundary.objects.values_list("ward", flat=True)) == [6]


BAD_FILES = {
    "not JSON": (b"{not json", "The file is not valid JSON (line 1, column 2)."),
    "not UTF-8": (b"\xff\xfe\x00{", "The file is not text in UTF-8, as GeoJSON is."),
    "a lone feature": (json.dumps(feature(1)).encode(), "The file is not a GeoJSON FeatureCollection"),
    "no features": (geojson(), "The file is not a GeoJSON FeatureCollection with features."),
    "a point": (
        geojson(feature(1), feature(2, {"type": "Point", "coordinates": [-93.2, 44.9]})),
        "Feature 2: its shape is a Point; a ward is a Polygon or a MultiPolygon.",
    ),
    "an open ring": (
        geojson(
            feature(
                1,
                {"type": "Polygon", "coordinates": [[[-93.2, 44.9], [-93.1, 44.9], [-93.1, 45], [-93, 45]]]},
            )
        ),
        "Feature 1: its coordinates are not rings of longitudes and latitudes.",
    ),
    "no ward property": (
        geojson({"type": "Feature", "properties": {"name": "A"}, "geometry": ward_square(1)}),
        "Feature 1: it has no property “ward”.",
    ),
    "ward 14": (geojson(feature(14)), "Feature 1: “14” is not a ward: wards are numbered 1 to 13."),
    "ward 0": (geojson(feature(0)), "Feature 1: “0” is not a ward: wards are numbered 1 to 13."),
    "a name for a ward": (geojson(feature("North")), "Feature 1: “North” is not a ward"),
    "a ward twice": (geojson(feature(3), feature(3)), "Feature 2: ward 3 is already in feature 1."),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_changed(supervisor, kind):
    make_ward_shapes([1, 2])
    content, message = BAD_FILES[kind]

    response = post(supervisor, content)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="ward"' in html  # the property typed is kept
    assert list(WardBoundary.objects.values_list("ward", flat=True)) == [1, 2]
    assert WardImport.objects.count() == 1


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(supervisor, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100

    response = post(supervisor, geojson(feature(1), feature(2)))

    assert "files of at most 100" in response.content.decode()
    assert not WardBoundary.objects.exists()


def test_every_bad_feature_is_listed_with_its_number(supervisor):
    response = post(supervisor, geojson(feature(1), feature(20), feature(2), feature(21)))

    html = response.content.decode()
    assert "Feature 2: “20”" in html and "Feature 4: “21”" in html
    assert not WardBoundary.objects.exists()
