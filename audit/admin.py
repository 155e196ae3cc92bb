"""The history of staff edits in the admin: read-only, and each role sees only what it may.

OPI staff read the history of the public content they edit; Supervisors read all of it, staff
accounts and groups included. A role reads an event table when it has that event model's view
permission (`accounts/roles.py`); nobody can add, change or delete an event."""

from django.apps import apps
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from pghistory.core import event_models

from audit.models import StaffEdit
from core.admin import AppendOnlyAdmin

ACTIONS = {"insert": _("Added"), "update": _("Changed"), "delete": _("Deleted")}


def readable_event_models(user) -> list:
    return [
        model
        for model in event_models()
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]


def _tracked_model(edit):
    return apps.get_model(edit.pgh_model).pgh_tracked_model


class RecordKindFilter(admin.SimpleListFilter):
    title = _("kind of record")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        names = [
            (model._meta.label_lower, model.pgh_tracked_model._meta.verbose_name_plural)
            for model in readable_event_models(request.user)
        ]
        return sorted(names, key=lambda choice: str(choice[1]))

    def queryset(self, request, queryset):
        for model in readable_event_models(request.user):
            if self.value() == model._meta.label_lower:
                return queryset.across(model)
        return queryset


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return list(ACTIONS.items())

    def queryset(self, request, queryset):
        if self.value() in ACTIONS:
            return queryset.filter(pgh_label=self.value())
        return queryset


@admin.register(StaffEdit)
class StaffEditAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "record", "action", "staff_member", "changes"]
    list_display_links = None
    list_filter = [RecordKindFilter, ActionFilter]
    # The search box takes the number of a record, to list that record's history.
    search_fields = ["pgh_obj_id"]
    search_help_text = _("The number of a record, to see its whole history (with a kind of record chosen).")
    ordering = ["-pgh_created_at", "-pgh_id"]
    # No date_hierarchy: its list of dates reads every event table whole.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def get_queryset(self, request):
        return StaffEdit.objects.across(*readable_event_models(request.user))

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(pgh_obj_id=term), False

    def has_module_permission(self, request):
        return bool(readable_event_models(request.user))

    def has_view_permission(self, request, obj=None):
        return bool(readable_event_models(request.user))

    @admin.display(description=_("when"), ordering="pgh_created_at")
    def created_at(self, edit):
        return edit.pgh_created_at

    @admin.display(description=_("record"))
    def record(self, edit):
        return f"{_tracked_model(edit)._meta.verbose_name} {edit.pgh_obj_id}"

    @admin.display(description=_("action"))
    def action(self, edit):
        return ACTIONS.get(edit.pgh_label, edit.pgh_label)

    @admin.display(description=_("staff member"))
    def staff_member(self, edit):
        """Empty when no one signed in made the change (a migration, a command, the system)."""
        return (edit.pgh_context or {}).get("username", "—")

    @admin.display(description=_("before and after"))
    def changes(self, edit):
        """The fields that changed, with the value before and after; all of them when added or deleted."""
        if edit.pgh_label == "update":
            rows = [(field, before, after) for field, (before, after) in (edit.pgh_diff or {}).items()]
        elif edit.pgh_label == "delete":
            rows = [(field, value, None) for field, value in edit.pgh_data.items()]
        else:
            rows = [(field, None, value) for field, value in edit.pgh_data.items()]
        names = {field.column: field.verbose_name for field in _tracked_model(edit)._meta.concrete_fields}
        return format_html(
            '<table class="audit-changes"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("field"),
            _("before"),
            _("after"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        names.get(field, field),
                        "—" if before is None else before,
                        "—" if after is None else after,
                    )
                    for field, before, after in rows
                ),
            ),
        )
