"""The spreadsheet forms. Import: a file is refused before it is read when it is too big, has too
many rows or is an XLSX archive that would unpack to far more than its size (a zip bomb). Export:
the library's form, as valid HTML."""

import csv
import io
import itertools
import zipfile

import openpyxl
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm, SelectableFieldsExportForm


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


class SpreadsheetImportForm(ImportForm):
    """import-export's form with limits on what it accepts."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; files of at most %(limit)s can be imported.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES),
                }
            )
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
