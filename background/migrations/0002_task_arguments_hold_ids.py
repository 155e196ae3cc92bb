from django.db import migrations

# Tasks queued before reporting's tasks took ids only: a look-up's task held the reference and the
# email address typed, and the email of a referral or decline held the staff member's note. Each
# row, waiting or done, is rewritten as the tasks now queue it (reporting.services).
LOOKUP = "reporting.tasks.email_access_link"
EMAIL = "reporting.tasks.tell_resident"


def hold_ids(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    Report = apps.get_model("reporting", "Report")
    Message = apps.get_model("reporting", "Message")
    for task in DBTaskResult.objects.filter(task_path=LOOKUP).exclude(status="RUNNING"):
        args = task.args_kwargs["args"]
        if len(args) == 2:
            reference, email = args
            match = Report.objects.filter(reference=reference, email__iexact=email).first()
            task.args_kwargs = {"args": [match.pk if match else None], "kwargs": {}}
            task.save(update_fields=["args_kwargs"])
    notes = DBTaskResult.objects.filter(task_path=EMAIL, args_kwargs__kwargs__has_key="note")
    for task in notes.exclude(status="RUNNING"):
        note = task.args_kwargs["kwargs"].pop("note")
        report_id = task.args_kwargs["args"][0]
        if note and task.status == "READY" and Report.objects.filter(pk=report_id).exists():
            # Not sent yet: the note goes as a message to the resident, as it does now.
            message = Message.objects.create(report_id=report_id, direction="to_resident", body=note)
            task.args_kwargs["kwargs"]["message_id"] = message.pk
        task.save(update_fields=["args_kwargs"])


class Migration(migrations.Migration):
    dependencies = [
        ("background", "0001_supervisors_see_tasks"),
        ("reporting", "0014_one_report_per_draft"),
    ]

    operations = [migrations.RunPython(hold_ids, migrations.RunPython.noop)]
