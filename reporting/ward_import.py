"""Importing the wards' shapes from a GeoJSON file the City gives (a FeatureCollection, one
feature per ward, a property holding the ward's number), in the admin's request: thirteen
shapes are a small file.

The form refuses a file over the import size limit, one that is not JSON or not a
FeatureCollection, and lists each feature that is not a Polygon or MultiPolygon of longitudes
and latitudes, lacks the ward property, names no ward from 1 to 13, or repeats a ward. Only a
file with no problem is saved, and it replaces every shape at once (`replace_ward_shapes`)."""

import json
from numbers import Real

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.spreadsheets import refuse_too_big
from reporting.models import WARDS, WardBoundary, WardImport

SHAPES = ("Polygon", "MultiPolygon")
# Problems listed for a refused file: enough to fix it, not one per feature of a wrong file.
MAX_PROBLEMS = 20


class WardShapesForm(forms.Form):
    geojson = forms.FileField(
        label=gettext_lazy("GeoJSON file of the wards"),
        help_text=gettext_lazy("A FeatureCollection with one Polygon or MultiPolygon feature per ward."),
    )
    ward_property = forms.CharField(
        label=gettext_lazy("Property that holds the ward number"),
        initial="ward",
        max_length=100,
        help_text=gettext_lazy("As it is spelled in the file, for example ward or WARD."),
    )

    def clean_geojson(self):
        upload = self.cleaned_data["geojson"]
        refuse_too_big(upload)
        try:
            data = json.loads(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not text in UTF-8, as GeoJSON is.")) from None
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("The file is not valid JSON (line %(line)s, column %(column)s).")
                % {"line": error.lineno, "column": error.colno}
            ) from None
        is_collection = isinstance(data, dict) and data.get("type") == "FeatureCollection"
        features = data.get("features") if is_collection else None
        if not isinstance(features, list) or not features:
            raise forms.ValidationError(_("The file is not a GeoJSON FeatureCollection with features."))
        return features

    def clean(self):
        cleaned = super().clean()
        features = cleaned.get("geojson")
        name = cleaned.get("ward_property")
        if not features or not name:
            return cleaned
        problems = []
        wards = {}
        for number, feature in enumerate(features, start=1):
            ward, problem = _read_feature(feature, name)
            if problem is None and ward in wards:
                problem = _("ward %(ward)s is already in feature %(first)s.") % {
                    "ward": ward,
                    "first": wards[ward][0],
                }
            if problem:
                problems.append(_("Feature %(number)s: %(problem)s") % {"number": number, "problem": problem})
            else:
                wards[ward] = (number, feature)
        if problems:
            more = len(problems) - MAX_PROBLEMS
            if more > 0:
                problems = [*problems[:MAX_PROBLEMS], _("and %(count)s more.") % {"count": more}]
            self.add_error("geojson", problems)
        else:
            cleaned["wards"] = {ward: feature for ward, (_number, feature) in sorted(wards.items())}
        return cleaned


def _read_feature(feature, name: str) -> tuple[int | None, str | None]:
    """The feature's ward, or what is wrong with it."""
    if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
        return None, _("it is not a GeoJSON feature with a shape.")
    kind = feature["geometry"].get("type")
    if kind not in SHAPES:
        return None, _("its shape is a %(kind)s; a ward is a Polygon or a MultiPolygon.") % {"kind": kind}
    polygons = feature["geometry"].get("coordinates")
    if kind == "Polygon":
        polygons = [polygons]
    if (
        not isinstance(polygons, list)
        or not polygons
        or not all(_is_polygon(polygon) for polygon in polygons)
    ):
        return None, _("its coordinates are not rings of longitudes and latitudes.")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict) or name not in properties:
        return None, _("it has no property “%(name)s”.") % {"name": name}
    value = properties[name]
    try:
        ward = int(str(value).strip())
    except ValueError:
        ward = None
    if ward not in WARDS:
        return None, _("“%(value)s” is not a ward: wards are numbered %(first)s to %(last)s.") % {
            "value": value,
            "first": WARDS[0],
            "last": WARDS[-1],
        }
    return ward, None


def _is_polygon(rings) -> bool:
    """Whether GeoJSON polygon coordinates are closed rings of at least four [longitude, latitude]."""
    return (
        isinstance(rings, list)
        and bool(rings)
        and all(
            isinstance(ring, list)
            and len(ring) >= 4
            and ring[0] == ring[-1]
            and all(_is_position(position) for position in ring)
            for ring in rings
        )
    )


def _is_position(position) -> bool:
    return (
        isinstance(position, list)
        and len(position) >= 2
        and all(isinstance(n, Real) and not isinstance(n, bool) for n in position[:2])
        and -180 <= position[0] <= 180
        and -90 <= position[1] <= 90
    )


def replace_ward_shapes(*, file_name: str, wards: dict[int, dict], user) -> WardImport:
    """Replace every ward's shape by those of the file's features (`wards`, as the form checked
    them), all at once, recording who imported it; a ward's name is its feature's "name", if any."""
    with transaction.atomic():
        WardBoundary.objects.all().delete()
        imported = WardImport.objects.create(file_name=file_name, ward_count=len(wards), imported_by=user)
        WardBoundary.objects.bulk_create(
            WardBoundary(
                ward=ward,
                name=str((feature.get("properties") or {}).get("name") or f"Ward {ward}")[:100],
                geometry=feature["geometry"],
                imported_in=imported,
            )
            for ward, feature in wards.items()
        )
    return imported
