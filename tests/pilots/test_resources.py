import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.utils import translation
from import_export.formats.base_formats import XLSX

from pilots.models import CouncilUpdate, MetricValue, Milestone, Program
from pilots.resources import CouncilUpdateResource, MetricValueResource, MilestoneResource, ProgramResource
from tests.factories import make_council_update, make_metric, make_metric_value, make_milestone

pytestmark = pytest.mark.django_db


def csv_dataset(text: str) -> tablib.Dataset:
    return tablib.Dataset().load(text.strip() + "\n", format="csv")


def dataset_of(rows: list[dict], headers: list[str]) -> tablib.Dataset:
    return tablib.Dataset(*[[row[header] for header in headers] for row in rows], headers=headers)


def import_file(resource_class, dataset, dry_run=False):
    return resource_class().import_data(dataset, dry_run=dry_run)


def row_errors(result) -> dict[int, str]:
    """Row number -> every message of that row, joined."""
    return {
        row.number: " ".join(str(m) for messages in row.error_dict.values() for m in messages)
        for row in result.invalid_rows
    }


def snapshot(model):
    return sorted(model.objects.values_list("pk", "updated_at"))


# Metric values


def _values():
    metric = make_metric(code="mh1-calls")
    make_metric_value(metric=metric, value=Decimal("41"))
    make_metric_value(
        metric=metric, value=Decimal("7.5"), breakdown_dimension="Race", breakdown_category="Black"
    )
    make_metric_value(
        metric=metric, period_start=datetime.date(2024, 2, 1), period_end=datetime.date(2024, 2, 29), value=0
    )
    return metric


def test_metric_values_exported_and_imported_back_change_nothing():
    _values()
    before = snapshot(MetricValue)

    result = import_file(MetricValueResource, csv_dataset(MetricValueResource().export().csv))

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 3
    assert snapshot(MetricValue) == before


def test_metric_values_round_trip_through_xlsx():
    _values()
    before = snapshot(MetricValue)
    xlsx = XLSX()
    exported = xlsx.export_data(MetricValueResource().export())

    result = import_file(MetricValueResource, xlsx.create_dataset(exported))

    assert result.totals["skip"] == 3
    assert snapshot(MetricValue) == before


def test_importing_metric_values_updates_by_natural_key_and_adds_new_ones():
    _values()
    stamps = dict(
        MetricValue.objects.values_list("breakdown_category", "updated_at").filter(
            period_start=datetime.date(2024, 1, 1)
        )
    )

    result = import_file(
        MetricValueResource,
        csv_dataset(
            """
metric,period_start,period_end,breakdown_dimension,breakdown_category,value
mh1-calls,2024-01-01,2024-01-31,,,44
mh1-calls,2024-01-01,2024-01-31,Race,Black,7.5
mh1-calls,2024-01-01,2024-01-31,Race,White,12
"""
        ),
    )

    assert (result.totals["update"], result.totals["skip"], result.totals["new"]) == (1, 1, 1)
    totals = MetricValue.objects.get(breakdown_dimension="", period_start=datetime.date(2024, 1, 1))
    assert totals.value == 44
    assert totals.updated_at > stamps[""]
    assert MetricValue.objects.get(breakdown_category="Black").updated_at == stamps["Black"]
    assert MetricValue.objects.count() == 4


def test_a_dry_run_previews_without_writing():
    make_metric(code="mh1-calls")

    result = import_file(
        MetricValueResource,
        csv_dataset(
            "metric,period_start,period_end,breakdown_dimension,breakdown_category,value\nmh1-calls,2024-01-01,2024-01-31,,,3"
        ),
        dry_run=True,
    )

    assert result.totals["new"] == 1
    assert not MetricValue.objects.exists()


def test_a_bad_metric_file_reports_each_bad_row_and_writes_nothing():
    _values()
    before = snapshot(MetricValue)

    result = import_file(
        MetricValueResource,
        csv_dataset(
            """
metric,period_start,period_end,breakdown_dimension,breakdown_category,value
mh1-calls,2024-03-01,2024-03-31,,,10
no-such-metric,2024-03-01,2024-03-31,,,10
mh1-calls,2024-13-01,2024-03-31,,,10
mh1-calls,2024-03-31,2024-03-01,,,10
mh1-calls,2024-04-01,2024-04-30,,,-3
mh1-calls,2024-03-01,2024-03-31,,,11
mh1-calls,2024-05-01,2024-05-31,Race,,4
mh1-calls,2024-06-01,2024-06-30,,,lots
mh1-calls,2024-07-01,2024-07-31,,,
"""
        ),
    )

    errors = row_errors(result)
    assert set(errors) == {2, 3, 4, 5, 6, 7, 8, 9}
    assert "Unknown metric code “no-such-metric”" in errors[2]
    assert "is not a date" in errors[3]
    assert "ends before it starts" in errors[4]
    assert "cannot be negative" in errors[5]
    assert "same entry as row 1" in errors[6]
    assert "breakdown and its category" in errors[7]
    assert "is not a number" in errors[8]
    assert "required" in errors[9]
    assert snapshot(MetricValue) == before


# Programs


@pytest.mark.parametrize("language", ["en", "es"])
def test_programs_exported_and_imported_back_change_nothing(language):
    before = snapshot(Program)

    # Staff may work in any interface language; the file's keys and lists do not change with it.
    with translation.override(language):
        result = import_file(ProgramResource, csv_dataset(ProgramResource().export().csv))

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == Program.objects.count()
    assert snapshot(Program) == before


def test_programs_are_matched_on_their_code():
    exported = ProgramResource().export(Program.objects.filter(code__in=["MH1", "R2"]).order_by("code"))
    rows = exported.dict
    rows[0]["name_es"] = "Equipos móviles"

    result = import_file(ProgramResource, dataset_of(rows, exported.headers))

    assert (result.totals["update"], result.totals["skip"]) == (1, 1)
    assert Program.objects.get(code="MH1").name_es == "Equipos móviles"


def test_a_bad_program_file_reports_each_bad_row_and_writes_nothing():
    before = snapshot(Program)
    dataset = ProgramResource().export(
        Program.objects.filter(code__in=["MH1", "MH2", "MH3", "R1"]).order_by("code")
    )
    rows = dataset.dict
    rows[0]["name_es"] = "Cambiado"  # a valid change, which must not be written either
    rows[1]["category"] = "astrology"
    rows[2]["partners"] = "Nobody at all"
    rows[3]["code"] = "MH1"
    rows[3]["status"] = "adopted"
    result = import_file(ProgramResource, dataset_of(rows, dataset.headers))

    errors = row_errors(result)
    assert set(errors) == {2, 3, 4}
    assert "astrology" in errors[2]
    assert "Not found: Nobody at all" in errors[3]
    assert "same entry as row 1" in errors[4]
    assert "Change the status in the program form" in errors[4]
    assert snapshot(Program) == before
    assert Program.objects.get(code="MH1").name_es != "Cambiado"


# Timeline and Council updates


def test_milestones_exported_and_imported_back_change_nothing():
    make_milestone(title="Launch").programs.set(Program.objects.filter(code="MH1"))
    before = snapshot(Milestone)

    result = import_file(MilestoneResource, csv_dataset(MilestoneResource().export().csv))

    assert result.totals["skip"] == Milestone.objects.count()
    assert snapshot(Milestone) == before


def test_a_bad_milestone_file_reports_each_bad_row_and_writes_nothing():
    before = snapshot(Milestone)

    result = import_file(
        MilestoneResource,
        csv_dataset(
            """
occurred_on,date_precision,title_en,kind,programs
2024-05-01,month,New milestone,city,mobile-crisis-teams
May 2024,month,Bad date,city,
2024-05-01,month,Unknown program,city,no-such-program
2024-05-15,month,Not on the first,city,
2024-05-01,month,New milestone,city,
"""
        ),
    )

    errors = row_errors(result)
    assert set(errors) == {2, 3, 4, 5}
    assert "is not a date" in errors[2]
    assert "Not found: no-such-program" in errors[3]
    assert "same entry as row 1" in errors[5]
    assert snapshot(Milestone) == before


def test_council_updates_exported_and_imported_back_change_nothing():
    make_council_update(title="First quarter").programs.set(Program.objects.filter(code__in=["MH1", "R4"]))
    make_council_update(title="Draft", is_published=False, presented_on=datetime.date(2024, 8, 1))
    before = snapshot(CouncilUpdate)

    result = import_file(CouncilUpdateResource, csv_dataset(CouncilUpdateResource().export().csv))

    assert result.totals["skip"] == 2
    assert snapshot(CouncilUpdate) == before


def test_a_bad_council_update_file_reports_each_bad_row_and_writes_nothing():
    result = import_file(
        CouncilUpdateResource,
        csv_dataset(
            """
presented_on,title_en,video_url,is_published
2024-06-01,Mid-year update,https://example.org/video,1
2024-06-31,Bad date,,1
2024-07-01,,,1
2024-08-01,Bad link,not a link,1
"""
        ),
    )

    errors = row_errors(result)
    assert set(errors) == {2, 3, 4}
    assert "is not a date" in errors[2]
    assert "cannot be blank" in errors[3]
    assert "URL" in errors[4]
    assert not CouncilUpdate.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exported_titles_cannot_become_spreadsheet_formulas_and_import_back_unchanged(file_format):
    make_council_update(title='=HYPERLINK("https://evil.example")')
    before = snapshot(CouncilUpdate)
    exported = CouncilUpdateResource().export()
    if file_format == "xlsx":
        xlsx = XLSX()
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx.export_data(exported))).active
        titles = [cell.value for cell in sheet[2] if str(cell.value).endswith('evil.example")')]
        dataset = xlsx.create_dataset(xlsx.export_data(exported))
    else:
        titles = [value for value in exported[0] if str(value).endswith('evil.example")')]
        dataset = csv_dataset(exported.csv)

    assert titles == ['\'=HYPERLINK("https://evil.example")']
    result = import_file(CouncilUpdateResource, dataset)
    assert result.totals["skip"] == 1
    assert snapshot(CouncilUpdate) == before
    assert CouncilUpdate.objects.get().title == '=HYPERLINK("https://evil.example")'
