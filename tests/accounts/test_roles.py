import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_ACCOUNTS, demo_secret
from accounts.roles import OPI_STAFF, REPORT_TAKERS, ROLE_PERMISSIONS, SUPERVISORS
from harness.servers import DEMO_COMMANDS


@pytest.mark.django_db
def test_each_role_has_its_group_with_exactly_its_permissions():
    for role, names in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(names)
    assert {OPI_STAFF, REPORT_TAKERS, SUPERVISORS} <= set(Group.objects.values_list("name", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("command", DEMO_COMMANDS)
def test_demo_data_is_refused_outside_development(settings, command):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command(command)


@pytest.mark.django_db
def test_demo_data_loads_one_account_per_role_and_can_run_twice(settings, capsys):
    settings.DEBUG = True

    call_command("load_demo_staff")
    call_command("load_demo_staff")

    out = capsys.readouterr().out
    for username, _first, _last, role in DEMO_ACCOUNTS:
        assert Group.objects.get(name=role).user_set.filter(username=username, is_staff=True).count() == 1
        assert username in out
        assert TOTPDevice.objects.get(user__username=username).confirmed
    assert demo_secret() in out
    assert "otpauth://totp/" in out
