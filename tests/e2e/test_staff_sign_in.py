"""Staff sign-in in real Chromium, by keyboard: password, then the authenticator code or a
recovery code."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.roles import REPORT_TAKERS
from harness.staff import make_totp_device, totp_code
from tests.factories import make_recovery_codes, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-test-password"


@pytest.fixture
def taker():
    return make_staff(REPORT_TAKERS, username="taker")


def type_password(page, username, password=PASSWORD):
    page.goto("/admin/login/")
    page.get_by_label("Username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_report_taker_signs_in_by_keyboard_with_a_code(page, taker, assert_accessible):
    device = make_totp_device(taker)
    page.goto("/admin/login/")
    assert_accessible(page)

    type_password(page, "taker")
    expect(page.get_by_role("heading", name="Second step: your code")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_label("Code")).to_be_focused()
    page.keyboard.type("000000")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    expect(page.get_by_label("Code")).to_have_value("000000")
    assert_accessible(page)

    # django-otp throttles after a wrong code: one second after the first.
    page.wait_for_timeout(1100)
    page.get_by_label("Code").fill("")
    page.keyboard.type(totp_code(device))
    page.keyboard.press("Enter")

    expect(page.get_by_role("link", name="Reports", exact=True)).to_be_visible()
    assert page.url.endswith("/admin/")


def test_a_report_taker_without_their_phone_signs_in_by_keyboard_with_a_recovery_code(page, taker):
    make_totp_device(taker)
    code = make_recovery_codes(taker, count=1)[0]

    type_password(page, "taker")
    expect(page.get_by_label("Code")).to_be_focused()
    page.keyboard.type(code)
    page.keyboard.press("Enter")

    expect(page.get_by_role("link", name="Reports", exact=True)).to_be_visible()
    assert page.url.endswith("/admin/")


def test_a_first_sign_in_sets_up_the_app_by_keyboard(page, taker, assert_accessible):
    type_password(page, "taker")

    expect(page.get_by_role("heading", name="Set up your second step")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    device = TOTPDevice.objects.get(user=taker, confirmed=False)
    page.keyboard.type(totp_code(device))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert_accessible(page)
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have saved them: continue").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Reports", exact=True)).to_be_visible()


def test_a_locked_account_is_refused_with_a_clear_page(page, taker, assert_accessible, settings):
    make_totp_device(taker)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        type_password(page, "taker", password="not-the-password")

    type_password(page, "taker")

    expect(page.get_by_role("heading", name="Sign-in locked")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Try again in 30 minutes")
    assert_accessible(page)
