"""Every change to staff-edited data keeps who, when, and the values before and after."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import DatabaseError, transaction
from django.urls import reverse

from accounts.roles import OPI_STAFF
from pilots.models import MetricValue, Program
from publicsite.models import GlossaryTerm
from tests.factories import make_metric, make_program, make_user
from tests.pilots.test_admin import _program_form
from tests.pilots.test_admin_import import IMPORT_URL, upload

pytestmark = pytest.mark.django_db

HISTORY_URL = reverse("admin:audit_staffedit_changelist")


def events(model, obj):
    return list(model.pgh_event_model.objects.filter(pgh_obj_id=obj.pk).order_by("pgh_id"))


def actor(event):
    return (event.pgh_context.metadata if event.pgh_context else {}).get("username")


def test_an_admin_edit_keeps_the_staff_member_and_the_values_before_and_after(opi_staff):
    program = make_program(name="Crisis teams")

    response = opi_staff.post(
        reverse("admin:pilots_program_change", args=[program.pk]),
        _program_form(program, name_en="Behavioral crisis teams", name_es="Equipos de crisis"),
    )

    assert response.status_code == 302
    added, changed = events(Program, program)
    assert (added.pgh_label, actor(added)) == ("insert", None)
    assert (changed.pgh_label, actor(changed)) == ("update", "opi-staff")
    assert (added.name_en, changed.name_en, changed.name_es) == (
        "Crisis teams",
        "Behavioral crisis teams",
        "Equipos de crisis",
    )
    assert changed.pgh_context.metadata["url"] == reverse("admin:pilots_program_change", args=[program.pk])


def test_a_queryset_update_is_recorded_without_an_actor(db):
    program = make_program(name="Crisis teams")

    Program.objects.filter(pk=program.pk).update(name_en="Renamed in bulk")

    before, after = events(Program, program)
    assert (before.name_en, after.name_en, after.pgh_label) == ("Crisis teams", "Renamed in bulk", "update")
    assert actor(after) is None


def test_an_import_records_each_row_with_the_staff_member(opi_staff):
    make_metric(code="crisis-calls")
    preview = opi_staff.post(
        IMPORT_URL, {"format": "0", "import_file": upload("crisis-calls,2024-01-01,2024-01-31,,,5\n")}
    )
    confirm = preview.context["confirm_form"]

    opi_staff.post(
        reverse("admin:pilots_metricvalue_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )

    [event] = events(MetricValue, MetricValue.objects.get())
    assert (event.pgh_label, event.value, actor(event)) == ("insert", 5, "opi-staff")


def test_a_deletion_keeps_the_last_values(db):
    term = GlossaryTerm.objects.create(
        slug="made-up-term", term_en="Made-up term", definition_en="Crisis response."
    )
    pk = term.pk

    term.delete()

    last = GlossaryTerm.pgh_event_model.objects.filter(pgh_obj_id=pk).latest("pgh_id")
    assert (last.pgh_label, last.term_en) == ("delete", "Made-up term")


def test_group_membership_and_group_permissions_are_recorded(supervisor):
    from audit.models import TrackedGroupMembership, TrackedGroupPermission

    user = make_user(username="new-staff", is_staff=True)
    group = Group.objects.get(name=OPI_STAFF)

    user.groups.add(group)
    group.permissions.remove(group.permissions.first())

    membership = TrackedGroupMembership.pgh_event_model.objects.get(user_id=user.pk)
    assert (membership.pgh_label, membership.group_id) == ("insert", group.pk)
    assert TrackedGroupPermission.pgh_event_model.objects.filter(
        group_id=group.pk, pgh_label="delete"
    ).exists()


def test_user_history_never_keeps_the_password_and_ignores_sign_ins(client):
    from audit.models import TrackedUser

    user = make_user(username="new-staff", is_staff=True)
    user.set_password("second secret")
    user.save()
    client.post(reverse("admin:login"), {"username": "new-staff", "password": "second secret"})

    event_model = TrackedUser.pgh_event_model
    assert "password" not in {field.name for field in event_model._meta.fields}
    assert "last_login" not in {field.name for field in event_model._meta.fields}
    assert User.objects.get(pk=user.pk).last_login is not None
    # Created, then nothing: a new password hash and a sign-in are not tracked changes.
    assert [event.pgh_label for event in event_model.objects.filter(pgh_obj_id=user.pk)] == ["insert"]


def test_history_rows_cannot_be_changed_or_deleted_even_in_the_database(db):
    program = make_program(name="Crisis teams")
    event_model = Program.pgh_event_model

    with pytest.raises(DatabaseError), transaction.atomic():
        event_model.objects.filter(pgh_obj_id=program.pk).update(name_en="Rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        event_model.objects.filter(pgh_obj_id=program.pk).delete()


# The history in the admin


def test_anonymous_visitors_are_sent_to_sign_in(anonymous):
    response = anonymous.get(HISTORY_URL)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["staff_without_group", "report_taker"])
def test_staff_without_a_history_role_cannot_read_it(persona, request):
    make_program(name="Crisis teams")

    assert request.getfixturevalue(persona).get(HISTORY_URL).status_code == 403


def test_opi_staff_read_the_content_history_but_not_the_accounts(opi_staff):
    # Data migrations that changed content are in the history already; only this test's edits count.
    already = {edit.pk for edit in opi_staff.get(HISTORY_URL).context["cl"].result_list}
    program = make_program(name="Crisis teams")
    make_user(username="someone-else", is_staff=True)

    response = opi_staff.get(HISTORY_URL)

    assert "Crisis teams" in response.content.decode()
    assert "someone-else" not in response.content.decode()
    new = [edit for edit in response.context["cl"].result_list if edit.pk not in already]
    assert {edit.pgh_obj_model for edit in new} == {"pilots.Program"}
    one = opi_staff.get(HISTORY_URL, {"kind": "pilots.programevent", "q": str(program.pk)})
    assert [edit.pgh_obj_id for edit in one.context["cl"].result_list] == [str(program.pk)]
    refused = opi_staff.get(HISTORY_URL, {"kind": "audit.userevent"})
    assert "someone-else" not in refused.content.decode()


def test_supervisors_read_everything_with_who_and_the_values_before_and_after(supervisor):
    user = make_user(username="someone-else", is_staff=True)
    user.groups.add(Group.objects.get(name=OPI_STAFF))
    make_program(name="Crisis teams")
    Program.objects.update(name_en="Behavioral crisis teams")

    page = supervisor.get(HISTORY_URL).content.decode()

    assert "someone-else" in page
    assert "Crisis teams" in page and "Behavioral crisis teams" in page
    assert "pbkdf2" not in page and "md5$" not in page


def test_the_history_is_read_only_in_the_admin(supervisor):
    # Data migrations that changed programs are in the history already.
    recorded = Program.pgh_event_model.objects.count()
    make_program(name="Crisis teams")
    edit = supervisor.get(HISTORY_URL).context["cl"].result_list[0]

    assert supervisor.get(reverse("admin:audit_staffedit_add")).status_code == 403
    change_url = reverse("admin:audit_staffedit_change", args=[edit.pk])
    assert supervisor.post(change_url, {"pgh_label": "delete"}).status_code == 403
    assert (
        supervisor.post(reverse("admin:audit_staffedit_delete", args=[edit.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Program.pgh_event_model.objects.count() == recorded + 1


def test_recovery_codes_are_not_kept_in_the_history():
    from django.db import connection

    from accounts.models import RecoveryCode, RecoveryCodeDevice

    tables = [RecoveryCode._meta.db_table, RecoveryCodeDevice._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT trigger_name FROM information_schema.triggers WHERE event_object_table = ANY(%s)",
            [tables],
        )
        triggers = [row[0] for row in cursor.fetchall()]

    assert triggers == []
