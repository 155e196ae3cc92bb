from django.db import migrations

# The tasks a workflow queues moved from reporting/tasks.py to the modules whose code they run;
# queued rows, waiting or done, take their new paths, so the worker finds them and the retention
# schedule finds a report's tasks by their path (reporting.retention.REPORT_TASKS).
MOVED = {
    "reporting.tasks.tell_resident": "reporting.emails.tell_resident",
    "reporting.tasks.email_access_link": "reporting.emails.email_access_link",
    "reporting.tasks.notify_report_takers": "reporting.emails.notify_report_takers",
    "reporting.tasks.make_viewing_copy": "reporting.files.make_viewing_copy",
}


def move(apps, schema_editor, moves=MOVED):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in moves.items():
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)


def move_back(apps, schema_editor):
    move(apps, schema_editor, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [("background", "0002_task_arguments_hold_ids")]

    operations = [migrations.RunPython(move, move_back)]
