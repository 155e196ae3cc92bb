"""The user and group admin: who may change which account, tested with crafted POSTs."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode
from accounts.roles import OPI_STAFF, REPORT_TAKERS, SUPERVISORS
from harness.staff import make_totp_device
from tests.conftest import _client_for
from tests.factories import make_recovery_codes, make_staff, make_user

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "a-new-and-long-passphrase"


@pytest.fixture
def superuser():
    return _client_for(make_user(is_staff=True, is_superuser=True, username="root"))


def admin_url(settings, suffix=""):
    return f"/{settings.ADMIN_URL}auth/{suffix}"


def change_data(user, **overrides):
    """What the change form posts for `user`, as it stands, plus `overrides`."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
    }
    data.update(overrides)
    return data


def create_data(username, password=NEW_PASSWORD, **overrides):
    data = {
        "username": username,
        "usable_password": "true",
        "password1": password,
        "password2": password,
        "groups": [Group.objects.get(name=REPORT_TAKERS).pk],
    }
    data.update(overrides)
    return data


# A Supervisor's limits


def test_a_supervisor_cannot_make_a_report_taker_superuser_or_give_permissions(supervisor, settings):
    taker = make_staff(REPORT_TAKERS)
    permission = Permission.objects.get(codename="delete_user")

    response = supervisor.post(
        admin_url(settings, f"user/{taker.pk}/change/"),
        change_data(taker, is_superuser="on", is_staff="", user_permissions=[permission.pk]),
    )

    assert response.status_code == 302
    taker.refresh_from_db()
    assert not taker.is_superuser
    assert taker.is_staff
    assert not taker.user_permissions.exists()


def test_a_supervisor_cannot_put_anyone_in_the_supervisors_group(supervisor, settings):
    taker = make_staff(REPORT_TAKERS)
    supervisors = Group.objects.get(name=SUPERVISORS)

    response = supervisor.post(
        admin_url(settings, f"user/{taker.pk}/change/"), change_data(taker, groups=[supervisors.pk])
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert list(taker.groups.values_list("name", flat=True)) == [REPORT_TAKERS]


def test_a_supervisor_moves_a_report_taker_to_opi_staff(supervisor, settings):
    taker = make_staff(REPORT_TAKERS)
    opi = Group.objects.get(name=OPI_STAFF)

    response = supervisor.post(
        admin_url(settings, f"user/{taker.pk}/change/"), change_data(taker, groups=[opi.pk])
    )

    assert response.status_code == 302
    assert list(taker.groups.values_list("name", flat=True)) == [OPI_STAFF]


def test_the_supervisor_form_offers_only_the_two_delegated_groups(supervisor, settings):
    taker = make_staff(REPORT_TAKERS)

    form = supervisor.get(admin_url(settings, f"user/{taker.pk}/change/")).context["adminform"].form

    assert set(form.fields["groups"].queryset.values_list("name", flat=True)) == {REPORT_TAKERS, OPI_STAFF}
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    assert "is_staff" not in form.fields


@pytest.mark.parametrize(
    "kind",
    ["self", "supervisor", "superuser", "own permission", "other group", "no group", "no group, not staff"],
)
def test_a_supervisor_cannot_change_protected_accounts_or_set_their_password(supervisor, settings, kind):
    Group.objects.create(name="IT")
    target = {
        "self": lambda: supervisor.user,
        "supervisor": lambda: make_staff(SUPERVISORS),
        "superuser": lambda: make_user(is_staff=True, is_superuser=True),
        "own permission": lambda: make_user(is_staff=True),
        "other group": lambda: make_user(is_staff=True, groups=("IT",)),
        # Not yet given a role, or a role taken away: only a superuser decides what it becomes.
        "no group": lambda: make_user(is_staff=True),
        "no group, not staff": lambda: make_user(),
    }[kind]()
    if kind == "own permission":
        target.user_permissions.add(Permission.objects.get(codename="view_user"))

    page = supervisor.get(admin_url(settings, f"user/{target.pk}/change/"))
    change = supervisor.post(
        admin_url(settings, f"user/{target.pk}/change/"), change_data(target, first_name="Changed")
    )
    password_page = supervisor.get(admin_url(settings, f"user/{target.pk}/password/"))
    password = supervisor.post(
        admin_url(settings, f"user/{target.pk}/password/"),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert change.status_code == 403
    assert password_page.status_code == 403
    assert password.status_code == 403
    target.refresh_from_db()
    assert target.first_name != "Changed"
    assert not target.check_password(NEW_PASSWORD)


def test_a_supervisor_sets_a_report_takers_password(supervisor, settings):
    taker = make_staff(REPORT_TAKERS)

    response = supervisor.post(
        admin_url(settings, f"user/{taker.pk}/password/"),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302
    taker.refresh_from_db()
    assert taker.check_password(NEW_PASSWORD)


def test_a_user_a_supervisor_creates_is_staff_and_only_in_a_delegated_group(supervisor, settings):
    response = supervisor.post(
        admin_url(settings, "user/add/"), create_data("new-taker", is_superuser="on", is_staff="")
    )

    assert response.status_code == 302
    user = User.objects.get(username="new-taker")
    assert user.is_staff
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [REPORT_TAKERS]


def test_a_supervisor_cannot_create_a_supervisor(supervisor, settings):
    supervisors = Group.objects.get(name=SUPERVISORS)

    response = supervisor.post(
        admin_url(settings, "user/add/"), create_data("new-boss", groups=[supervisors.pk])
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(username="new-boss").exists()


def test_an_account_a_supervisor_creates_needs_one_of_the_two_roles(supervisor, settings):
    response = supervisor.post(admin_url(settings, "user/add/"), create_data("roleless", groups=[]))

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not User.objects.filter(username="roleless").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [("short-pass", "at least 12 characters"), ("password1234", "too common")],
)
def test_short_and_common_passwords_are_refused_when_a_supervisor_creates_a_user(
    supervisor, settings, password, message
):
    response = supervisor.post(admin_url(settings, "user/add/"), create_data("weak", password=password))

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="weak"' in html
    assert not User.objects.filter(username="weak").exists()


def test_a_supervisor_cannot_change_a_groups_permissions(supervisor, settings):
    group = Group.objects.get(name=REPORT_TAKERS)
    before = set(group.permissions.all())

    response = supervisor.post(
        admin_url(settings, f"group/{group.pk}/change/"),
        {"name": group.name, "permissions": [Permission.objects.get(codename="delete_user").pk]},
    )

    assert response.status_code == 403
    assert set(group.permissions.all()) == before


# Superusers keep every power


def test_a_superuser_makes_a_supervisor_and_grants_permissions(superuser, settings):
    taker = make_staff(REPORT_TAKERS)
    supervisors = Group.objects.get(name=SUPERVISORS)
    permission = Permission.objects.get(codename="delete_user")

    response = superuser.post(
        admin_url(settings, f"user/{taker.pk}/change/"),
        change_data(
            taker,
            is_staff="on",
            groups=[supervisors.pk],
            user_permissions=[permission.pk],
            date_joined_0="2026-01-05",
            date_joined_1="09:00:00",
        ),
    )

    assert response.status_code == 302
    assert list(taker.groups.values_list("name", flat=True)) == [SUPERVISORS]
    assert list(taker.user_permissions.all()) == [permission]


def test_a_superuser_changes_a_groups_permissions(superuser, settings):
    group = Group.objects.get(name=REPORT_TAKERS)
    permission = Permission.objects.get(codename="view_user")

    response = superuser.post(
        admin_url(settings, f"group/{group.pk}/change/"), {"name": group.name, "permissions": [permission.pk]}
    )

    assert response.status_code == 302
    assert list(group.permissions.all()) == [permission]


# Everyone else has no say over accounts


@pytest.mark.parametrize("persona", ["report_taker", "opi_staff", "staff_without_group"])
def test_other_staff_cannot_create_or_change_accounts(request, settings, persona):
    client = request.getfixturevalue(persona)
    taker = make_staff(REPORT_TAKERS)

    create = client.post(admin_url(settings, "user/add/"), create_data("sneaky", is_superuser="on"))
    change = client.post(
        admin_url(settings, f"user/{client.user.pk}/change/"), change_data(client.user, is_superuser="on")
    )
    password = client.post(
        admin_url(settings, f"user/{taker.pk}/password/"),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert {create.status_code, change.status_code, password.status_code} == {403}
    assert not User.objects.filter(username="sneaky").exists()
    client.user.refresh_from_db()
    assert not client.user.is_superuser
    taker.refresh_from_db()
    assert not taker.check_password(NEW_PASSWORD)


# Resetting a lost second factor


def reset(client, settings, *users):
    return client.post(
        admin_url(settings, "user/"),
        {"action": "reset_second_factor", "_selected_action": [user.pk for user in users]},
        follow=True,
    )


def test_a_supervisor_resets_a_report_takers_second_factor_but_not_a_supervisors(supervisor, settings):
    taker = make_staff(REPORT_TAKERS)
    boss = make_staff(SUPERVISORS)
    make_totp_device(taker)
    make_totp_device(boss)
    make_recovery_codes(taker)
    make_recovery_codes(boss)

    response = reset(supervisor, settings, taker, boss)

    html = response.content.decode()
    assert "Reset the second factor of 1 account." in html
    assert "1 account is not yours to change" in html
    assert not TOTPDevice.objects.filter(user=taker).exists()
    assert not RecoveryCode.objects.filter(device__user=taker).exists()
    assert TOTPDevice.objects.filter(user=boss).exists()
    assert RecoveryCode.objects.filter(device__user=boss).count() == 10


def test_a_superuser_resets_a_supervisors_second_factor(superuser, settings):
    boss = make_staff(SUPERVISORS)
    make_totp_device(boss)

    reset(superuser, settings, boss)

    assert not TOTPDevice.objects.filter(user=boss).exists()


@pytest.mark.parametrize("persona", ["report_taker", "opi_staff", "staff_without_group"])
def test_other_staff_cannot_reset_a_second_factor(request, settings, persona):
    client = request.getfixturevalue(persona)
    taker = make_staff(REPORT_TAKERS)
    make_totp_device(taker)

    response = reset(client, settings, taker)

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=taker).exists()


def test_no_admin_page_shows_a_second_factor_secret(superuser, settings):
    taker = make_staff(REPORT_TAKERS)
    device = make_totp_device(taker)

    index = superuser.get(f"/{settings.ADMIN_URL}").content.decode()
    listing = superuser.get(f"/{settings.ADMIN_URL}otp_totp/totpdevice/")
    change = superuser.get(f"/{settings.ADMIN_URL}otp_totp/totpdevice/{device.pk}/change/")

    assert "otp_totp" not in index
    assert listing.status_code == 404
    assert change.status_code == 404
