"""Spreadsheet import and export (CSV, XLSX) of programs, timeline entries, Council updates and
metric values, each keyed on a natural key so a file can be exported, edited and imported back.

Every resource is all-or-nothing: each bad row is reported with its number and reason, and the
import is rolled back unless the whole file is valid.
"""

import datetime
import functools
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, widgets
from import_export.instance_loaders import BaseInstanceLoader, ModelInstanceLoader
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from core.spreadsheets import AllOrNothingResource
from pilots.models import CouncilUpdate, Metric, MetricValue, Milestone, Partner, Program


def localized(*names: str, languages=AVAILABLE_LANGUAGES) -> tuple[str, ...]:
    """The per-language columns of translated fields, such as name_en, name_es, …"""
    return tuple(build_localized_fieldname(name, language) for name in names for language in languages)


# Large files repeat the same few dates on thousands of rows.
parse_iso_date = functools.lru_cache(maxsize=4096)(datetime.date.fromisoformat)


class IsoDateWidget(widgets.Widget):
    """Dates written as YYYY-MM-DD (spreadsheet date cells are accepted too)."""

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_iso_date(str(value).strip())
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class IsoDateTimeWidget(widgets.Widget):
    """Date and time in ISO 8601 with its UTC offset, so exporting and importing loses nothing."""

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if not isinstance(value, datetime.datetime):
            try:
                value = datetime.datetime.fromisoformat(str(value).strip())
            except ValueError:
                raise ValueError(
                    _("“%(value)s” is not a date and time: write it as YYYY-MM-DD HH:MM.") % {"value": value}
                ) from None
        return value if timezone.is_aware(value) else timezone.make_aware(value)

    def render(self, value, obj=None, **kwargs):
        return timezone.localtime(value).isoformat() if value else ""


class NumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
        return number

    def render(self, value, obj=None, **kwargs):
        # 7.50 and 7.5 are the same figure and export the same way.
        return "" if value is None else format(value.normalize(), "f")


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Related objects listed by a unique field; an unknown entry is an error, not ignored."""

    def clean(self, value, row=None, **kwargs):
        wanted = {item.strip() for item in str(value or "").split(self.separator) if item.strip()}
        found = list(self.model.objects.filter(**{f"{self.field}__in": wanted}))
        missing = wanted - {str(getattr(obj, self.field)) for obj in found}
        if missing:
            raise ValueError(_("Not found: %(names)s.") % {"names": ", ".join(sorted(missing))})
        return found


class NaturalKeyLoader(ModelInstanceLoader):
    """Finds a row's stored entry through its resource's `lookup`."""

    def get_instance(self, row):
        lookup = self.resource.lookup(row)
        return None if lookup is None else self.get_queryset().filter(**lookup).first()


class ProgramResource(AllOrNothingResource):
    partners = fields.Field(
        attribute="partners",
        column_name="partners",
        widget=StrictManyToManyWidget(Partner, separator=";", field="name_en"),
    )
    # Status changes are made in the program form, which records who made them.
    status = fields.Field(attribute="status", column_name="status", readonly=True)
    publish_at = fields.Field(attribute="publish_at", column_name="publish_at", widget=IsoDateTimeWidget())
    status_changed_on = fields.Field(
        attribute="status_changed_on", column_name="status_changed_on", readonly=True, widget=IsoDateWidget()
    )
    starts_on = fields.Field(attribute="starts_on", column_name="starts_on", widget=IsoDateWidget())
    ends_on = fields.Field(attribute="ends_on", column_name="ends_on", widget=IsoDateWidget())

    class Meta:
        model = Program
        fields = (
            "code",
            "slug",
            *localized("name", "summary", "description", "responders", "hours", "what_to_expect"),
            "category",
            "opi_role",
            "kind",
            "status",
            "status_changed_on",
            "starts_on",
            "ends_on",
            "position",
            "is_published",
            "publish_at",
            "source_note",
            "partners",
        )
        import_id_fields = ("code",)
        instance_loader_class = NaturalKeyLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def check_row(self, instance, row):
        problems = super().check_row(instance, row)
        status = str(row.get("status") or "").strip()
        if status and status != instance.status:
            problems.append(
                ("status", _("Change the status in the program form, where the change is recorded."))
            )
        return problems

    def lookup(self, row):
        # Matched on the code, or on the web address name when the program has none.
        code = str(row.get("code") or "").strip()
        return {"code": code} if code else {"slug": str(row.get("slug") or "").strip()}

    def file_keys(self, instance):
        keys = [("slug", instance.slug)]
        if instance.code:
            keys.append(("code", instance.code))
        return keys


class ProgramLinkedResource(AllOrNothingResource):
    """Rows that name the programs they concern, by slug, separated by semicolons."""

    programs = fields.Field(
        attribute="programs",
        column_name="programs",
        widget=StrictManyToManyWidget(Program, separator=";", field="slug"),
    )


class MilestoneResource(ProgramLinkedResource):
    occurred_on = fields.Field(attribute="occurred_on", column_name="occurred_on", widget=IsoDateWidget())

    class Meta:
        model = Milestone
        fields = (
            "occurred_on",
            "date_precision",
            *localized("title", "description"),
            "kind",
            "url",
            "programs",
        )
        import_id_fields = ("occurred_on", "title_en")
        instance_loader_class = NaturalKeyLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class CouncilUpdateResource(ProgramLinkedResource):
    presented_on = fields.Field(attribute="presented_on", column_name="presented_on", widget=IsoDateWidget())

    class Meta:
        model = CouncilUpdate
        fields = (
            "presented_on",
            *localized("title", "summary"),
            "video_url",
            "record_url",
            "is_published",
            "programs",
        )
        import_id_fields = ("presented_on", "title_en")
        instance_loader_class = NaturalKeyLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class MetricCodeWidget(widgets.Widget):
    """A metric named by its code, looked up in the metrics loaded once per import."""

    def __init__(self):
        super().__init__()
        self.metrics: dict[str, Metric] = {}

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if not code:
            return None
        try:
            return self.metrics[code]
        except KeyError:
            raise ValueError(_("Unknown metric code “%(code)s”.") % {"code": code}) from None

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class MetricValueLoader(BaseInstanceLoader):
    """Finds the stored values of the whole file in one query, instead of one query per row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        keys = [key for key in resource.row_keys if key]
        self.existing = {}
        if keys:
            starts = [key[1] for key in keys]
            stored = MetricValue.objects.filter(
                metric_id__in={key[0] for key in keys}, period_start__range=(min(starts), max(starts))
            )
            for value in stored.iterator(chunk_size=5000):
                value.metric = resource.metrics_by_id[value.metric_id]
                self.existing[value.natural_key()] = value

    def get_instance(self, row):
        return self.existing.get(self.resource.current_key())


# A metric value's columns, in the spreadsheet as in the admin's list; the first five are its key.
METRIC_VALUE_COLUMNS = [
    "metric",
    "period_start",
    "period_end",
    "breakdown_dimension",
    "breakdown_category",
    "value",
]


class MetricValueResource(AllOrNothingResource):
    metric = fields.Field(attribute="metric", column_name="metric", widget=MetricCodeWidget())
    period_start = fields.Field(attribute="period_start", column_name="period_start", widget=IsoDateWidget())
    period_end = fields.Field(attribute="period_end", column_name="period_end", widget=IsoDateWidget())
    breakdown_dimension = fields.Field(attribute="breakdown_dimension", column_name="breakdown_dimension")
    breakdown_category = fields.Field(attribute="breakdown_category", column_name="breakdown_category")
    value = fields.Field(attribute="value", column_name="value", widget=NumberWidget())

    class Meta:
        model = MetricValue
        fields = METRIC_VALUE_COLUMNS
        import_id_fields = METRIC_VALUE_COLUMNS[:5]
        instance_loader_class = MetricValueLoader
        # Rows are written in batches; the checks below replace per-row model validation, which
        # would cost database queries for every row.
        use_bulk = True
        batch_size = 2000
        clean_model_instances = False
        # The library's diff deep-copies every row; after_import_row builds a cheaper preview.
        skip_diff = True
        report_skipped = True

    def get_queryset(self):
        return MetricValue.objects.select_related("metric")

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        # As the library's own, with a faster statement (see MetricValueQuerySet.set_values).
        if self.update_instances and (using_transactions or not dry_run):
            try:
                MetricValue.objects.set_values(self.update_instances, imported_by=self.imported_by)
            except Exception as error:  # shown on the import page, as the library does
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        metrics = list(Metric.objects.all())
        self.fields["metric"].widget.metrics = {metric.code: metric for metric in metrics}
        self.metrics_by_id = {metric.pk: metric for metric in metrics}
        # Who imports the file: its values are drafts in their name until OPI publishes them.
        self.imported_by = kwargs.get("user")
        # Each row's key, in file order, read once for both the lookup and the import.
        self.row_keys = [self.row_key(row) for row in dataset.dict]

    def current_key(self) -> tuple | None:
        # Row numbers count from 1 (see AllOrNothingResource.before_import_row).
        return self.row_keys[self.row_number - 1]

    def row_key(self, row) -> tuple | None:
        """The natural key of a row, or None when the row cannot be read (its errors come later)."""
        try:
            metric = self.fields["metric"].clean(row)
            start = self.fields["period_start"].clean(row)
            end = self.fields["period_end"].clean(row)
        except (ValueError, KeyError):
            return None
        if metric is None or start is None or end is None:
            return None
        return (
            metric.pk,
            start,
            end,
            str(row.get("breakdown_dimension") or "").strip(),
            str(row.get("breakdown_category") or "").strip(),
        )

    def import_instance(self, instance, row, **kwargs):
        instance.imported_by = self.imported_by
        key = self.current_key()
        if key is None:
            # Part of the key is unreadable: import field by field so each problem is reported.
            super().import_instance(instance, row, **kwargs)
            instance.breakdown_dimension = (instance.breakdown_dimension or "").strip()
            instance.breakdown_category = (instance.breakdown_category or "").strip()
            return
        # The key was read already; only the value is left.
        metric_id, instance.period_start, instance.period_end, dimension, category = key
        instance.metric = self.metrics_by_id[metric_id]
        instance.breakdown_dimension, instance.breakdown_category = dimension, category
        try:
            self.import_field(self.fields["value"], instance, row, **kwargs)
        except ValueError as error:
            raise ValidationError({"value": ValidationError(str(error))}) from None

    def file_keys(self, instance):
        return [instance.natural_key()] if instance.metric_id else []

    def after_init_instance(self, instance, new, row, **kwargs):
        self.stored_value = None if new else instance.value

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # The value is the only column that is not part of the key.
        return (
            not import_validation_errors
            and self.stored_value is not None
            and instance.value == self.stored_value
        )

    def after_import_row(self, row, row_result, **kwargs):
        cells = [str(row.get(field.column_name) or "") for field in self.get_import_fields()]
        if row_result.import_type == row_result.IMPORT_TYPE_UPDATE:
            old = self.fields["value"].widget.render(self.stored_value)
            cells[-1] = f"{old} → {cells[-1]}"
        row_result.diff = cells

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})

        def add(field, message):
            errors.setdefault(field, []).append(ValidationError(message))

        required = {
            "metric": instance.metric_id,
            "period_start": instance.period_start,
            "period_end": instance.period_end,
            "value": instance.value,
        }
        for field, value in required.items():
            if value is None and field not in errors:
                add(field, _("This field is required."))
        if instance.period_start and instance.period_end and instance.period_end < instance.period_start:
            add("period_end", _("The period ends before it starts."))
        if instance.value is not None and instance.value < 0:
            add("value", _("A value cannot be negative."))
        if bool(instance.breakdown_dimension) != bool(instance.breakdown_category):
            add("breakdown_category", _("Give both a breakdown and its category, or neither."))
        super().validate_instance(instance, errors, validate_unique)
