"""The task queue in the admin, for Supervisors: what is waiting, what ran, and each failed task
with its error, which they can send again. Nobody edits or deletes a task here."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from background.retries import retry_now
from core.admin import AppendOnlyAdmin

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskAdmin(AppendOnlyAdmin):
    list_display = ("task_name", "status", "attempts", "enqueued_at", "run_after", "finished_at", "error")
    list_filter = ("status", "task_path")
    search_fields = ("task_path", "exception_class_path")
    ordering = ("-enqueued_at",)
    date_hierarchy = "enqueued_at"
    actions = ["retry"]
    # The arguments are left out: ids of rows, which tell a Supervisor nothing.
    fields = (
        "task_name",
        "status",
        "attempts",
        "enqueued_at",
        "started_at",
        "run_after",
        "finished_at",
        "error",
        "formatted_traceback",
    )
    readonly_fields = fields

    @admin.display(description=_("tries"))
    def attempts(self, task):
        return len(task.worker_ids)

    @admin.display(description=_("error"))
    def error(self, task):
        return task.exception_class_path or "-"

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, task):
        return format_html("<pre>{}</pre>", task.traceback) if task.traceback else "-"

    def has_retry_permission(self, request):
        return request.user.has_perm("django_tasks_database.change_dbtaskresult")

    @admin.action(permissions=["retry"], description=_("Run the selected failed tasks again"))
    def retry(self, request, queryset):
        count = retry_now(queryset)
        self.message_user(
            request,
            ngettext("%(count)d failed task queued again.", "%(count)d failed tasks queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
