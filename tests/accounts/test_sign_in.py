"""Staff sign-in: password, then a second factor (set up at the first sign-in), lockouts,
idle sessions and the record of every step."""

import re
import threading
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode, RecoveryCodeDevice, SignInEvent
from accounts.roles import REPORT_TAKERS
from accounts.sessions import LAST_SEEN_KEY
from harness.staff import make_totp_device, totp_code
from tests.conftest import _client_for
from tests.factories import make_recovery_codes, make_staff, make_user
from tests.publicsite.conftest import assert_valid_html
from tests.reporting.conftest import SCREENING_CLEAR

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
Kind = SignInEvent.Kind


@pytest.fixture
def urls(settings):
    admin = f"/{settings.ADMIN_URL}"
    return {
        "admin": admin,
        "login": f"{admin}login/",
        "logout": f"{admin}logout/",
        "verify": f"{admin}second-factor/",
        "enrol": f"{admin}second-factor/enrol/",
    }


def sign_in_with_password(client, urls, username, password=PASSWORD):
    return client.post(urls["login"], {"username": username, "password": password, "next": urls["admin"]})


def kinds(username):
    return list(SignInEvent.objects.filter(username=username).order_by("pk").values_list("kind", flat=True))


# The second factor


def test_a_password_alone_does_not_open_the_admin_even_for_a_superuser(urls):
    make_user(username="root", is_staff=True, is_superuser=True)
    client = Client()

    response = sign_in_with_password(client, urls, "root")

    assert response.status_code == 302
    assert response["Location"].startswith(urls["verify"])
    assert client.get(urls["admin"]).status_code == 302
    assert client.get(f"{urls['admin']}auth/user/").status_code == 302
    assert client.get(urls["login"])["Location"].startswith(urls["verify"])


def test_the_first_sign_in_sets_up_an_app_then_shows_recovery_codes_once(urls):
    make_staff(REPORT_TAKERS, username="newcomer")
    client = Client()
    sign_in_with_password(client, urls, "newcomer")

    response = client.get(urls["verify"], follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(urls["enrol"])
    assert "Set up your second step" in html
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user__username="newcomer", confirmed=False)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert secret.replace(" ", "") in device.config_url
    # Reloading the page keeps the same secret.
    assert secret in client.get(urls["enrol"]).content.decode()

    response = client.post(urls["enrol"], {"code": totp_code(device), "next": urls["admin"]}, follow=True)

    html = response.content.decode()
    assert "Your recovery codes" in html
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(set(codes)) == 10
    assert RecoveryCode.objects.filter(device__user__username="newcomer").count() == 10
    # Sending the form again, or reloading, shows no codes.
    again = client.post(urls["enrol"], {"code": totp_code(device), "next": urls["admin"]}, follow=True)
    assert "Your recovery codes" not in again.content.decode()
    assert client.get(urls["admin"]).status_code == 200
    assert kinds("newcomer") == [Kind.SIGNED_IN, Kind.ENROLLED]


def test_a_wrong_code_at_set_up_is_refused_and_the_app_stays_unconfirmed(urls):
    make_staff(REPORT_TAKERS, username="newcomer")
    client = Client()
    sign_in_with_password(client, urls, "newcomer")
    client.get(urls["enrol"])

    response = client.post(urls["enrol"], {"code": "000000"})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user__username="newcomer", confirmed=True).exists()
    assert client.get(urls["admin"]).status_code == 302
    assert kinds("newcomer")[-1] == Kind.FAILED_CODE


def test_staff_with_an_app_type_its_code_and_reach_the_admin(urls):
    device = make_totp_device(make_staff(REPORT_TAKERS, username="taker"))
    client = Client()

    response = sign_in_with_password(client, urls, "taker")
    assert response["Location"].startswith(urls["verify"])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Second step: your code" in page.content.decode()
    response = client.post(response["Location"], {"code": totp_code(device), "next": urls["admin"]})

    assert response.status_code == 302
    assert response["Location"] == urls["admin"]
    assert client.get(urls["admin"]).status_code == 200
    assert kinds("taker") == [Kind.SIGNED_IN, Kind.VERIFIED]


def test_a_wrong_code_is_refused_then_throttled(urls, settings):
    # A minute's wait after one wrong code, so a slow test run cannot outlast it.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = make_totp_device(make_staff(REPORT_TAKERS, username="taker"))
    client = Client()
    sign_in_with_password(client, urls, "taker")

    wrong = client.post(urls["verify"], {"code": "000000"})
    right_too_soon = client.post(urls["verify"], {"code": totp_code(device)})

    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert 'value="000000"' in wrong.content.decode()
    assert "Too many wrong codes" in right_too_soon.content.decode()
    assert client.get(urls["admin"]).status_code == 302
    assert kinds("taker") == [Kind.SIGNED_IN, Kind.FAILED_CODE, Kind.FAILED_CODE]


def test_a_recovery_code_signs_in_once(urls):
    user = make_staff(REPORT_TAKERS, username="taker")
    make_totp_device(user)
    code = make_recovery_codes(user, count=2)[0]

    first = Client()
    sign_in_with_password(first, urls, "taker")
    assert first.post(urls["verify"], {"code": code.upper()[:4] + " " + code[4:]}).status_code == 302
    assert first.get(urls["admin"]).status_code == 200

    second = Client()
    sign_in_with_password(second, urls, "taker")
    response = second.post(urls["verify"], {"code": code})
    assert "That code is not right" in response.content.decode()
    assert second.get(urls["admin"]).status_code == 302
    assert kinds("taker") == [Kind.SIGNED_IN, Kind.RECOVERY_CODE_USED, Kind.SIGNED_IN, Kind.FAILED_CODE]
    assert RecoveryCode.objects.filter(device__user=user).count() == 1


def test_recovery_codes_are_stored_only_as_salted_hashes(urls):
    make_staff(REPORT_TAKERS, username="newcomer")
    client = Client()
    sign_in_with_password(client, urls, "newcomer")
    client.get(urls["enrol"])
    device = TOTPDevice.objects.get(user__username="newcomer")
    html = client.post(urls["enrol"], {"code": totp_code(device)}, follow=True).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)

    digests = list(RecoveryCode.objects.values_list("digest", flat=True))
    # Not in the session either, not even while the page showing them is sent.
    stored = " ".join(
        [*digests, *(str(row) for row in RecoveryCodeDevice.objects.values_list())]
        + [session.session_data for session in Session.objects.all()]
        + [str(session.get_decoded()) for session in Session.objects.all()]
    )
    assert len(codes) == 10
    assert not any(code in stored or code.upper() in stored for code in codes)
    # PBKDF2-SHA256, each with a salt of its own.
    assert all(digest.startswith("pbkdf2_sha256$") for digest in digests)
    assert len({digest.split("$")[2] for digest in digests}) == 10


def test_a_wrong_recovery_code_is_refused_then_throttled(urls, settings):
    settings.OTP_RECOVERY_CODE_THROTTLE_FACTOR = 60
    user = make_staff(REPORT_TAKERS, username="taker")
    make_totp_device(user)
    (code,) = make_recovery_codes(user, count=1)
    client = Client()
    sign_in_with_password(client, urls, "taker")

    wrong = client.post(urls["verify"], {"code": "zzzz2222"})
    right_too_soon = client.post(urls["verify"], {"code": code})

    assert "That code is not right" in wrong.content.decode()
    assert 'value="zzzz2222"' in wrong.content.decode()
    assert "Too many wrong codes" in right_too_soon.content.decode()
    assert client.get(urls["admin"]).status_code == 302
    # The throttled attempt did not use the code up.
    assert RecoveryCode.objects.filter(device__user=user).count() == 1
    assert kinds("taker") == [Kind.SIGNED_IN, Kind.FAILED_CODE, Kind.FAILED_CODE]


@pytest.mark.django_db(transaction=True)
def test_a_recovery_code_being_used_by_one_sign_in_does_not_also_work_for_another():
    user = make_user(is_staff=True, username="taker")
    code = make_recovery_codes(user, count=1)[0]
    results = []

    def other_sign_in():
        try:
            results.append(RecoveryCodeDevice.objects.get(user=user).verify_token(code))
        finally:
            connection.close()

    with transaction.atomic():
        # The first sign-in holds the code's row while it uses it.
        assert RecoveryCodeDevice.objects.get(user=user).verify_token(code)
        other = threading.Thread(target=other_sign_in)
        other.start()
        other.join(timeout=0.5)
        assert other.is_alive(), "the second sign-in should wait for the first"
    # Its connection must be closed before the test database is dropped, however busy the machine.
    other.join(timeout=60)
    assert not other.is_alive()

    assert results == [False]
    assert not RecoveryCode.objects.filter(device__user=user).exists()


def test_no_one_sees_recovery_codes_in_the_admin(urls):
    root = make_user(is_staff=True, is_superuser=True, username="root")
    make_recovery_codes(root)
    client = _client_for(root)

    index = client.get(urls["admin"]).content.decode()

    assert "recovery" not in index.lower()
    for model in ("recoverycodedevice", "recoverycode"):
        assert client.get(f"{urls['admin']}accounts/{model}/").status_code == 404
    assert client.get(f"{urls['admin']}otp_static/staticdevice/").status_code == 404


def test_the_second_factor_pages_send_anyone_not_signed_in_to_the_sign_in_page(anonymous, urls):
    for name in ("verify", "enrol"):
        response = anonymous.get(urls[name])
        assert response.status_code == 302
        assert response["Location"].startswith(urls["login"])


def test_a_verified_session_skips_the_second_factor_pages(report_taker, urls):
    assert report_taker.get(urls["verify"])["Location"] == urls["admin"]
    assert report_taker.get(urls["enrol"])["Location"].startswith(urls["verify"])


def test_the_second_step_refuses_to_send_staff_to_another_site(urls):
    device = make_totp_device(make_staff(REPORT_TAKERS, username="taker"))
    client = Client()
    sign_in_with_password(client, urls, "taker")

    response = client.post(urls["verify"], {"code": totp_code(device), "next": "https://evil.example/"})

    assert response["Location"] == urls["admin"]


# Lockouts


def test_five_failed_sign_ins_lock_the_account_for_that_client_even_with_the_right_password(
    urls, settings, caplog
):
    make_totp_device(make_staff(REPORT_TAKERS, username="taker"))
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in_with_password(client, urls, "taker", password="wrong-password-123")
    assert response.status_code == 429

    response = sign_in_with_password(client, urls, "taker")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in locked" in html
    assert "Try again in 30 minutes" in html
    assert "ask a Supervisor to unlock" in html
    assert Kind.LOCKED_OUT in kinds("taker")
    assert kinds("taker").count(Kind.FAILED_SIGN_IN) >= settings.AXES_FAILURE_LIMIT
    assert any("Locking out" in r.message and r.levelname == "WARNING" for r in caplog.records)


def test_wrong_passwords_from_elsewhere_only_slow_the_account_and_never_lock_its_owner_out(
    urls, settings, time_machine
):
    time_machine.move_to(time.time())
    make_totp_device(make_staff(REPORT_TAKERS, username="taker"))
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(
            Client(REMOTE_ADDR=f"203.0.113.{attempt + 1}"), urls, "taker", password="wrong-password-123"
        )
    owner = Client(REMOTE_ADDR="192.0.2.9")

    waiting = sign_in_with_password(owner, urls, "taker")
    assert waiting.status_code == 200
    assert "too many wrong passwords. Wait a minute" in waiting.content.decode()
    time_machine.shift(61)
    guess = sign_in_with_password(
        Client(REMOTE_ADDR="203.0.113.99"), urls, "taker", password="wrong-again-456"
    )
    assert guess.status_code == 200  # a guess a minute, no more
    assert sign_in_with_password(owner, urls, "taker").status_code == 200
    time_machine.shift(61)

    assert sign_in_with_password(owner, urls, "taker")["Location"].startswith(urls["verify"])
    assert Kind.LOCKED_OUT not in kinds("taker")


def test_wrong_passwords_on_many_accounts_from_one_client_only_slow_it_and_lock_no_colleague_out(
    urls, settings, time_machine
):
    # Colleagues share an office's address: one of them guessing at other accounts slows that
    # address, and locks nobody.
    time_machine.move_to(time.time())
    make_totp_device(make_staff(REPORT_TAKERS, username="taker"))
    office = "198.51.100.7"
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(
            Client(REMOTE_ADDR=office), urls, f"guess{attempt}", password="wrong-password-123"
        )

    waiting = sign_in_with_password(Client(REMOTE_ADDR=office), urls, "taker")
    assert waiting.status_code == 200
    assert "too many wrong passwords. Wait a minute" in waiting.content.decode()
    assert sign_in_with_password(Client(REMOTE_ADDR="198.51.100.8"), urls, "taker").status_code == 302
    time_machine.shift(61)

    assert sign_in_with_password(Client(REMOTE_ADDR=office), urls, "taker")["Location"].startswith(
        urls["verify"]
    )
    assert Kind.LOCKED_OUT not in kinds("taker")


def test_an_ipv6_client_is_one_client_by_its_64_network(urls, settings):
    make_staff(REPORT_TAKERS, username="taker")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client = Client(REMOTE_ADDR=f"2001:db8:1:2::{attempt + 1}")
        response = sign_in_with_password(client, urls, "taker", password="wrong-password-123")
        assert response.status_code in (200, 429)

    assert sign_in_with_password(Client(REMOTE_ADDR="2001:db8:1:2::99"), urls, "taker").status_code == 429
    assert sign_in_with_password(Client(REMOTE_ADDR="2001:db8:1:3::1"), urls, "taker").status_code == 200
    assert set(SignInEvent.objects.values_list("client_ip", flat=True)) >= {"2001:db8:1:2::/64"}


def test_a_supervisor_unlocks_an_account_and_others_cannot(supervisor, report_taker, urls, settings):
    make_staff(REPORT_TAKERS, username="taker")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(Client(), urls, "taker", password="wrong-password-123")
    attempt = AccessAttempt.objects.get(username="taker")
    assert "wrong-password-123" not in attempt.post_data
    attempts_url = f"{urls['admin']}axes/accessattempt/"

    assert report_taker.get(attempts_url).status_code == 403
    assert report_taker.post(f"{attempts_url}{attempt.pk}/delete/", {"post": "yes"}).status_code == 403
    assert supervisor.get(attempts_url).status_code == 200
    response = supervisor.post(f"{attempts_url}{attempt.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert sign_in_with_password(Client(), urls, "taker").status_code == 302


# Sessions


def test_a_staff_session_cookie_ends_with_the_browser(urls):
    make_totp_device(make_staff(REPORT_TAKERS, username="taker"))
    client = Client()

    response = sign_in_with_password(client, urls, "taker")

    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""


def test_a_residents_session_keeps_its_lifetime(resident):
    response = resident.post("/report/screening/", SCREENING_CLEAR)

    assert response.cookies["sessionid"]["max-age"] != ""


def _idle_for(client, minutes):
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_a_staff_session_ends_after_thirty_idle_minutes(report_taker, urls):
    _idle_for(report_taker, 31)

    response = report_taker.get(urls["admin"])

    assert response.status_code == 302
    assert response["Location"].startswith(urls["login"])
    assert "_auth_user_id" not in report_taker.session
    assert kinds("report-taker")[-1] == Kind.SIGNED_OUT


def test_a_staff_session_idle_for_less_than_thirty_minutes_goes_on(report_taker, urls):
    _idle_for(report_taker, 29)

    assert report_taker.get(urls["admin"]).status_code == 200
    assert report_taker.session[LAST_SEEN_KEY] > time.time() - 60


# The record of sign-ins


def test_sign_in_and_out_and_failures_are_recorded_with_the_client_address(urls):
    device = make_totp_device(make_staff(REPORT_TAKERS, username="taker"))
    client = Client(REMOTE_ADDR="203.0.113.5")

    sign_in_with_password(client, urls, "nobody", password="wrong-password-123")
    sign_in_with_password(client, urls, "taker")
    client.post(urls["verify"], {"code": totp_code(device)})
    client.post(urls["logout"])

    assert kinds("nobody") == [Kind.FAILED_SIGN_IN]
    assert kinds("taker") == [Kind.SIGNED_IN, Kind.VERIFIED, Kind.SIGNED_OUT]
    assert set(SignInEvent.objects.values_list("client_ip", flat=True)) == {"203.0.113.5"}
    stored = " ".join(str(value) for row in SignInEvent.objects.values_list() for value in row)
    assert PASSWORD not in stored
    assert "wrong-password-123" not in stored


def test_sign_in_events_cannot_be_changed_or_deleted():
    event = SignInEvent.objects.create(kind=Kind.SIGNED_IN, username="taker", client_ip="203.0.113.5")

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        SignInEvent.objects.filter(pk=event.pk).update(username="someone else")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        event.delete()


def test_supervisors_read_sign_in_events_and_no_one_edits_them(request, urls):
    event = SignInEvent.objects.create(kind=Kind.SIGNED_IN, username="taker", client_ip="203.0.113.5")
    events_url = f"{urls['admin']}accounts/signinevent/"
    root = make_user(is_staff=True, is_superuser=True, username="root")

    for persona, can_read in [
        ("supervisor", True),
        ("report_taker", False),
        ("opi_staff", False),
        ("staff_without_group", False),
        (None, True),
    ]:
        client = request.getfixturevalue(persona) if persona else _client_for(root)
        listing = client.get(events_url)
        assert listing.status_code == (200 if can_read else 403), persona
        if can_read:
            assert "203.0.113.5" in listing.content.decode()
        assert client.get(f"{events_url}add/").status_code == 403
        assert client.post(f"{events_url}{event.pk}/change/", {"username": "x"}).status_code in (200, 403)
        assert client.post(f"{events_url}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.username == "taker"
    assert request.getfixturevalue("anonymous").get(events_url).status_code == 302


def test_the_sign_in_pages_are_valid_html(urls, settings):
    make_staff(REPORT_TAKERS, username="newcomer")
    make_totp_device(make_staff(REPORT_TAKERS, username="taker"))
    newcomer, taker = Client(), Client()
    sign_in_with_password(newcomer, urls, "newcomer")
    sign_in_with_password(taker, urls, "taker")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        locked = sign_in_with_password(
            Client(REMOTE_ADDR="192.0.2.50"), urls, "x", password="wrong-password-123"
        )

    pages = [Client().get(urls["login"]), newcomer.get(urls["enrol"]), taker.get(urls["verify"]), locked]
    device = TOTPDevice.objects.get(user__username="newcomer")
    pages.append(newcomer.post(urls["enrol"], {"code": totp_code(device)}, follow=True))

    for response in pages:
        assert_valid_html(response)
