"""Spreadsheet import and export in the admin, shared by the apps that import files: the forms,
the admin mixin and the all-or-nothing resource.

Import: a file is refused before it is read when it is too big, has too many rows or is an XLSX
archive that would unpack to far more than its size (a zip bomb); then every bad row is reported
with its number and reason, and nothing is written unless the whole file is valid. Export: the
library's form, as valid HTML, with cells a spreadsheet would run made inert."""

import csv
import io
import itertools
import zipfile
from decimal import InvalidOperation

import openpyxl
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm, SelectableFieldsExportForm

from core.spreadsheet_safety import defuse_formula, restore_defused


def uncompressed_size(data: bytes) -> int:
    """The total size of an XLSX (zip) archive's members once unpacked, as its directory states.

    zipfile refuses to extract a member past its stated size, so openpyxl cannot read more.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(member.file_size for member in archive.infolist())


def row_count_exceeds(data: bytes, *, is_xlsx: bool, limit: int) -> bool:
    """Whether the file has more data rows (after its header) than the limit, read as a stream."""
    if not is_xlsx:
        return _more_than(csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace"))), limit + 1)
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return _more_than(workbook.active.iter_rows(values_only=True), limit + 1)
    finally:
        workbook.close()


def _more_than(rows, count: int) -> bool:
    return sum(1 for _row in itertools.islice(rows, count + 1)) > count


def refuse_too_big(upload) -> None:
    """Refuse an uploaded file to import that is over the size the settings allow."""
    if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s; files of at most %(limit)s can be imported.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES),
            }
        )


class SpreadsheetImportForm(ImportForm):
    """import-export's form with limits on what it accepts."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        refuse_too_big(upload)
        upload.seek(0)
        self.data_bytes = upload.read()
        upload.seek(0)
        if zipfile.is_zipfile(io.BytesIO(self.data_bytes)):
            try:
                unpacked = uncompressed_size(self.data_bytes)
            except zipfile.BadZipFile:
                raise forms.ValidationError(_("The file is damaged and cannot be read.")) from None
            if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
                raise forms.ValidationError(
                    _("The file would unpack to %(size)s; at most %(limit)s can be imported.")
                    % {
                        "size": filesizeformat(unpacked),
                        "limit": filesizeformat(settings.IMPORT_MAX_UNPACKED_BYTES),
                    }
                )
        return upload

    def clean(self):
        cleaned = super().clean()
        if "import_file" not in cleaned or not cleaned.get("format"):
            return cleaned
        file_format = self.formats[int(cleaned["format"])]()
        try:
            too_many = row_count_exceeds(
                self.data_bytes, is_xlsx=file_format.is_binary(), limit=settings.IMPORT_MAX_ROWS
            )
        except Exception:
            # openpyxl raises many kinds of error on a file it cannot read; import-export reads
            # the file next and says on the form that it cannot be read.
            return cleaned
        if too_many:
            self.add_error(
                "import_file",
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": f"{settings.IMPORT_MAX_ROWS:,}"},
            )
        return cleaned


class SpreadsheetExportForm(SelectableFieldsExportForm):
    """The library's export form, without the `resource-id` attribute it puts on each column's
    box, which HTML does not allow and no script reads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("resource-id", None)


class SpreadsheetMixin(ImportExportMixin):
    """CSV and XLSX import and export; importing needs the rights to add and to change."""

    formats = [CSV, XLSX]
    import_form_class = SpreadsheetImportForm
    export_form_class = SpreadsheetExportForm
    # The previewed file waits for confirmation in shared storage, which any app server can
    # read, not in one server's temporary folder: the "import_export" storage of the settings,
    # kept apart from residents' files.
    tmp_storage_class = "import_export.tmp_storages.MediaStorage"
    import_template_name = "admin/spreadsheet_import.html"

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)


class AllOrNothingResource(resources.ModelResource):
    """Reports every bad row (with its number) and writes nothing unless the whole file is valid."""

    def import_data(self, dataset, **kwargs):
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def get_import_fields(self):
        # Asked for several times per row, and fixed for the resource's lifetime.
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def before_import(self, dataset, **kwargs):
        self.rows_by_key = {}
        self.row_number = None

    def before_import_row(self, row, row_number=None, **kwargs):
        self.row_number = row_number
        # Exports defuse cells a spreadsheet would run; a file exported here imports back as it was.
        for column, value in row.items():
            row[column] = restore_defused(value)

    def export_field(self, field, instance, **kwargs):
        return defuse_formula(super().export_field(field, instance, **kwargs))

    def lookup(self, row) -> dict | None:
        """The filter that finds a row's stored entry: its import id fields, or None when one
        cannot be read (the row's own validation reports the bad value)."""
        key_fields = [self.fields[name] for name in self.get_import_id_fields()]
        try:
            return {field.attribute: field.clean(row) for field in key_fields}
        except (ValueError, KeyError):
            return None

    def file_keys(self, instance) -> list[tuple]:
        """The keys that must not repeat within one file."""
        return [tuple(getattr(instance, self.fields[name].attribute) for name in self.get_import_id_fields())]

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # Number cells are read through Decimal, which refuses "fourteen" with an error of its
        # own rather than the ValueError a bad cell is reported by.
        try:
            super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        except InvalidOperation:
            raise ValueError(_("Enter a number.")) from None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field, message in self.check_row(instance, row):
            errors.setdefault(field, []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row) -> list[tuple[str, str]]:
        """(field, message) problems that importing field by field does not catch."""
        # Related lists are saved after the row, so they are checked here to report them with it.
        problems = []
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    problems.append((field.attribute, str(error)))
        return problems

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # A row is unchanged when every cell would export the same, so an empty translation
        # stored as NULL and one stored as "" do not count as a change.
        if import_validation_errors or original is None or original.pk is None:
            return False
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                if field.column_name in row and {obj.pk for obj in field.clean(row)} != set(
                    field.get_value(original).values_list("pk", flat=True)
                ):
                    return False
            elif field.export(instance) != field.export(original):
                return False
        return True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for key in self.file_keys(instance):
            first = self.rows_by_key.setdefault(key, self.row_number)
            if first != self.row_number:
                errors.setdefault(NON_FIELD_ERRORS, []).append(
                    ValidationError(_("Duplicate row: the same entry as row %(row)s.") % {"row": first})
                )
        super().validate_instance(instance, errors, validate_unique)
