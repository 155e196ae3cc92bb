"""Spreadsheet import and export (CSV, XLSX) of the City's address list, keyed on the City's own id
of each address, all-or-nothing like every import (`core.spreadsheets.AllOrNothingResource`). A
file is imported in parts by the worker (`reporting.address_import`), each row numbered as in the
whole file, the headings being row 1."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.instance_loaders import BaseInstanceLoader

from core.spreadsheets import AllOrNothingResource
from reporting import addresses
from reporting.models import AddressPoint

# The columns, in the file as in the admin's list; the first is the key.
ADDRESS_COLUMNS = ["city_id", "address", "ward", "neighborhood"]


class AddressPointLoader(BaseInstanceLoader):
    """Finds the stored addresses of a part of the file in one query, not one query per row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        ids = (
            {str(value or "").strip() for value in dataset["city_id"]}
            if "city_id" in dataset.headers
            else set()
        )
        self.existing = {point.city_id: point for point in AddressPoint.objects.filter(city_id__in=ids)}

    def get_instance(self, row):
        return self.existing.get(str(row.get("city_id") or "").strip())


class AddressPointResource(AllOrNothingResource):
    class Meta:
        model = AddressPoint
        fields = ADDRESS_COLUMNS
        import_id_fields = ADDRESS_COLUMNS[:1]
        instance_loader_class = AddressPointLoader
        # Rows are written in batches; the checks below replace per-row model validation, which
        # would cost database queries for every row of a 200,000-row list.
        use_bulk = True
        batch_size = 2000
        clean_model_instances = False
        skip_diff = True

    def before_import(self, dataset, **kwargs):
        # The first part of a file starts the keys seen; the others go on with them.
        self.row_offset = kwargs.get("row_offset", 0)
        if self.row_offset == 0:
            super().before_import(dataset, **kwargs)

    def before_import_row(self, row, row_number=None, **kwargs):
        # Rows are named as a spreadsheet numbers them, the headings being row 1 (as
        # reporting.address_import lists them).
        super().before_import_row(row, row_number=row_number + self.row_offset + 1, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.city_id = str(instance.city_id or "").strip()
        instance.address = " ".join(str(instance.address or "").split())
        instance.neighborhood = " ".join(str(instance.neighborhood or "").split())
        instance.search_text = addresses.search_text(instance.address)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        # As the library's own, with the words searched, which are not a column of the file.
        if self.update_instances and (using_transactions or not dry_run):
            try:
                AddressPoint.objects.bulk_update(
                    self.update_instances,
                    [*ADDRESS_COLUMNS[1:], "search_text"],
                    batch_size=self._meta.batch_size,
                )
            except Exception as error:  # reported with the import, as the library does
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})

        def add(field, message):
            errors.setdefault(field, []).append(ValidationError(message))

        for name in ADDRESS_COLUMNS:
            value = getattr(instance, name)
            if (value is None or value == "") and name not in errors:
                add(name, _("This field is required."))
            elif isinstance(value, str) and len(value) > AddressPoint._meta.get_field(name).max_length:
                add(
                    name,
                    _("This is longer than %(limit)d characters.")
                    % {"limit": AddressPoint._meta.get_field(name).max_length},
                )
        parsed = addresses.parse(instance.address or "")
        if instance.address and not (parsed.number and parsed.street):
            add("address", _("An address needs a house number and a street."))
        if instance.ward is not None and not 1 <= instance.ward <= 99:
            add("ward", _("A ward is a number from 1 to 99."))
        super().validate_instance(instance, errors, validate_unique)
