"""The City's address list: Supervisors import it in the admin, with the checks every import has
(row errors, nothing half-imported, size caps), and the worker does the import, saying how far it
has got. The files here are made up."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting import address_import
from reporting.models import AddressImport, AddressPoint

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:reporting_addresspoint_import")
EXPORT_URL = reverse("admin:reporting_addresspoint_export")
HEADER = "city_id,address,ward,neighborhood\n"
GOOD_ROWS = (
    "T-1,100 Example Ave S,1,Made-up Heights\n"
    "T-2,200 Example Ave S,1,Made-up Heights\n"
    "T-3,300 Sample St NE,2,Invented Park\n"
    "T-4,400 Sample St NE,2,Invented Park\n"
    "T-5,500 Sample St NE,2,Invented Park\n"
)


def upload(rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("addresses.csv", (HEADER + rows).encode(), content_type="text/csv")


def post_import(client, rows: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(IMPORT_URL, {"format": "0", "import_file": upload(rows)})


def test_only_supervisors_may_import(anonymous, report_taker, opi_staff, supervisor):
    assert anonymous.get(IMPORT_URL).status_code == 302
    assert report_taker.get(IMPORT_URL).status_code == 403
    assert opi_staff.get(IMPORT_URL).status_code == 403
    assert supervisor.get(IMPORT_URL).status_code == 200
    assert report_taker.get(reverse("admin:reporting_addresspoint_changelist")).status_code == 200
    assert report_taker.get(reverse("admin:reporting_addressimport_changelist")).status_code == 403


def test_a_good_file_is_imported_by_the_worker_and_its_page_says_so(
    supervisor, django_capture_on_commit_callbacks
):
    response = post_import(supervisor, GOOD_ROWS, django_capture_on_commit_callbacks)

    job = AddressImport.objects.get()
    assert response.url == reverse("admin:reporting_addressimport_change", args=[job.pk])
    assert (job.status, job.row_count, job.rows_checked, job.new_count) == ("done", 5, 5, 5)
    assert AddressPoint.objects.get(city_id="T-3").search_text == "300 sample street northeast"
    assert not AddressPoint.objects.filter(is_demo=True).exists()
    html = supervisor.get(response.url).content.decode()
    assert "Imported" in html and "addresses.csv" in html


def test_the_progress_is_saved_after_each_part(supervisor, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(address_import, "PART_ROWS", 2)
    seen = []
    update = address_import._update
    monkeypatch.setattr(
        address_import,
        "_update",
        lambda job, **fields: seen.append(fields.get("rows_checked")) or update(job, **fields),
    )

    post_import(supervisor, GOOD_ROWS, django_capture_on_commit_callbacks)

    assert [rows for rows in seen if rows is not None] == [2, 4, 5]
    assert AddressPoint.objects.count() == 5


def test_a_running_import_shows_how_far_it_has_got(supervisor):
    job = AddressImport.objects.create(
        file_name="addresses.csv",
        stored_name="x",
        file_format="csv",
        status=AddressImport.Status.CHECKING,
        row_count=200_000,
        rows_checked=50_000,
        started_by=supervisor.user,
    )

    html = supervisor.get(reverse("admin:reporting_addressimport_change", args=[job.pk])).content.decode()

    assert '<progress max="100" value="25">25%</progress>' in html
    assert "50,000 of 200,000 rows checked" in html


def test_bad_rows_are_listed_and_nothing_is_imported(
    supervisor, django_capture_on_commit_callbacks, monkeypatch
):
    # Parts of two rows: a duplicate is found across parts, and rows keep their numbers in the file.
    monkeypatch.setattr(address_import, "PART_ROWS", 2)

    post_import(
        supervisor,
        "T-1,100 Example Ave S,1,Made-up Heights\n"
        "T-2,Example Ave,1,Made-up Heights\n"
        "T-3,300 Sample St NE,many,Invented Park\n"
        "T-1,100 Example Ave S,1,Made-up Heights\n"
        "T-5,500 Sample St NE,2,\n",
        django_capture_on_commit_callbacks,
    )

    job = AddressImport.objects.get()
    assert job.status == AddressImport.Status.REFUSED
    # Numbered as a spreadsheet numbers its rows, the headings being row 1, and in that order.
    assert [row for row, _reason in job.errors] == [3, 4, 5, 6]
    reasons = " ".join(reason for _row, reason in job.errors)
    assert "An address needs a house number and a street." in reasons
    assert "ward: Enter a number." in reasons
    assert "Duplicate row: the same entry as row 2." in reasons
    assert not AddressPoint.objects.exists()
    html = supervisor.get(reverse("admin:reporting_addressimport_change", args=[job.pk])).content.decode()
    assert "Row 3: address: An address needs a house number and a street." in html
    assert "Row 4: ward: Enter a number." in html


def test_a_file_over_the_row_cap_is_refused_before_it_is_read(
    supervisor, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_ROWS = 4

    response = post_import(supervisor, GOOD_ROWS, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "The file has more than 4 rows" in response.content.decode()
    assert not AddressImport.objects.exists()


def test_an_unreadable_file_is_refused_with_a_reason(supervisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        supervisor.post(
            IMPORT_URL,
            {"format": "1", "import_file": SimpleUploadedFile("addresses.xlsx", b"not a workbook")},
        )

    job = AddressImport.objects.get()
    assert (job.status, job.errors) == ("refused", [[0, "The file cannot be read as XLSX."]])


def test_an_exported_list_imports_back_and_a_changed_row_is_updated(
    supervisor, django_capture_on_commit_callbacks
):
    post_import(supervisor, GOOD_ROWS, django_capture_on_commit_callbacks)
    exported = supervisor.post(
        EXPORT_URL,
        {
            "format": "0",
            **{
                f"addresspointresource_{name}": "on"
                for name in ("city_id", "address", "ward", "neighborhood")
            },
        },
    ).content.decode()

    post_import(
        supervisor,
        exported.split("\n", 1)[1].replace("100 Example Ave S", "110 Example Ave S"),
        django_capture_on_commit_callbacks,
    )

    job = AddressImport.objects.first()
    assert (job.status, job.new_count, job.changed_count) == ("done", 0, 5)
    assert AddressPoint.objects.get(city_id="T-1").search_text == "110 example avenue south"
