"""Every admin page each staff role reaches passes axe-core in real Chromium and the Nu HTML checker.
The admin is in the staff's language, English (its URLs carry no language prefix, so Django's
locale middleware always gives the site's default there): a pass with another language chosen
would check the same pages again.

Each role signs in with its password and a code, then goes through the admin as a person does: from
the home page, every link on a page that leads to a kind of admin page not seen yet (the admin's
URL names: each list, add, change, history and delete page of every registered model, and every
page of the admin's own), with the queue searched and filtered, the report page in each state, and
an action posted with errors. The server's HTML of each page goes to the Nu checker in one run at
the end. Every URL of the admin is either reached by some role or named below with why it is not a
page to check here, so a new admin page cannot go unchecked.
"""

import re
from datetime import time, timedelta
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory, override_settings
from django.urls import URLResolver, resolve
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import OPI_STAFF, REPORT_TAKERS, SUPERVISORS
from pilots.tasks import clean_import_previews
from reporting import records_export, services
from reporting.demo import demo_address_points
from reporting.models import (
    AddressImport,
    AddressPoint,
    Availability,
    ExportRecord,
    Handoff,
    PinIssue,
    Report,
    ScreeningExit,
    WrongPin,
)
from tests.config.services import require_command
from tests.config.test_tasks import DATABASE_TASKS
from tests.conftest import sign_in_page
from tests.factories import (
    make_council_update,
    make_measure,
    make_metric,
    make_metric_value,
    make_progress_update,
    make_reason,
    make_recommendation,
    make_report_in,
    make_responses,
    make_site,
    make_staff,
    make_survey,
    make_ward_shapes,
)
from tests.nu_checker import nu_errors, page_file

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROLES = [(OPI_STAFF, "opi"), (REPORT_TAKERS, "taker"), (SUPERVISORS, "supervisor")]

# Admin URLs that are not pages to check once signed in, each with why.
NOT_PAGES = {
    "login": "a sign-in page, before any role: tests/e2e/test_staff_sign_in.py checks it",
    "second_factor": "a sign-in page, before any role: tests/e2e/test_staff_sign_in.py checks it",
    "second_factor_enrol": "a sign-in page, before any role: tests/e2e/test_staff_sign_in.py checks it",
    "logout": "a POST that ends the session",
    "jsi18n": "the admin's translations for its scripts",
    "autocomplete": "answers a search box's script in JSON",
    "view_on_site": "a redirect to the public page",
    "reporting_report_copy": "the resident's copy, a PDF",
    "reporting_report_file": "a resident's upload, served as it is",
    "reporting_recordsexport_download": "a file for the police records system, a CSV",
    "pilot-dashboard-csv": "one of the dashboard's tables as CSV",
    "translation-reviewed": "a POST that marks a translation reviewed, from the translation queue",
    "auth_user_password_change": "setting a member's password: superusers only (accounts.admin)",
    "audit_staffedit_change": "the history of edits is a list whose rows open nothing (audit.admin)",
    "audit_staffedit_history": "the history of edits is a list whose rows open nothing (audit.admin)",
}
# The second step of an import is a POST from its preview (tests/pilots/test_admin_import.py).
NOT_PAGES_PATTERN = re.compile(r"_process_import$")


def not_a_page(name: str | None) -> bool:
    return name in NOT_PAGES or bool(NOT_PAGES_PATTERN.search(name or ""))


def pages_a_role_may_open(users) -> set[str]:
    """The admin's URL names, less those not checked here (NOT_PAGES) and a model's pages that
    none of the roles may open (adding a history entry, say)."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif pattern.name:
                yield pattern.name

    names = {name for name in walk(admin.site.get_urls()) if not not_a_page(name)}
    requests = [RequestFactory().get("/admin/") for _user in users]
    for request, user in zip(requests, users, strict=True):
        request.user = user
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        allowed = {
            "changelist": any(model_admin.has_view_or_change_permission(request) for request in requests),
            "add": any(model_admin.has_add_permission(request) for request in requests),
            "delete": any(model_admin.has_delete_permission(request) for request in requests),
        }
        allowed["change"] = allowed["history"] = allowed["changelist"]
        names -= {f"{info}_{kind}" for kind, may in allowed.items() if not may}
    return names


def one_of_everything(staff) -> list[Report]:
    """A record of every registered model that migrations do not make, and a report in each state."""
    reports = [make_report_in(status, staff) for status in Report.Status.values]
    assert [report.status for report in reports] == Report.Status.values
    services.record_view(reports[0], actor=staff)
    # A City site, the availability that offers free times there, a visit booked and a call made.
    site = make_site(name="Demo site: Lake Street")
    Availability.objects.create(
        staff=staff, site=site, weekday=timezone.localdate().weekday(), starts=time(9), ends=time(17)
    )
    services.schedule_visit(
        reports[0],
        actor=staff,
        date=timezone.localdate() + timedelta(days=1),
        window_start=time(10),
        window_end=time(10, 45),
        staff=staff,
        site=site,
    )
    services.record_call(
        reports[0], actor=staff, result="answered", outcome="Went through the items.", minutes=5
    )
    Handoff.objects.create(
        report=reports[0],
        reason=make_reason(destination="mpd"),
        destination="mpd",
        email="records@example.org",
        status=Handoff.Status.FAILED,
        error="Connection refused",
        attempts=3,
        referred_by=staff,
    )
    # Two points of the City's address list, as the demo makes them, and an import that failed.
    AddressPoint.objects.bulk_create(demo_address_points()[:2])
    AddressImport.objects.create(
        file_name="addresses.csv",
        stored_name="addresses.csv",
        file_format="csv",
        status=AddressImport.Status.REFUSED,
        errors=[[2, "Enter a whole number."]],
        started_by=staff,
    )
    # The wards' shapes, made up, and the import that brought them.
    make_ward_shapes([1, 2], by=staff)
    PinIssue.objects.create(report=reports[0], delivery=PinIssue.Delivery.values[0], issued_by=staff)
    WrongPin.objects.create(reference=reports[0].reference, report=reports[0], client="test-client")
    ExportRecord.objects.create(exported_by=staff, included_personal_data=False, report_count=1)
    ScreeningExit.objects.create(exit=ScreeningExit.Exit.values[0], date=timezone.localdate(), count=1)
    records_export.export_daily()
    make_council_update()
    metric = make_metric()
    make_metric_value(metric=metric)
    make_metric_value(metric=metric, breakdown_dimension="Race", breakdown_category="Black")
    # The evaluation: a measure of the metric, a progress update and the recommendation it rests on.
    measure = make_measure(metric=metric)
    make_progress_update(program=metric.program, author=staff)
    make_recommendation(program=metric.program).evidence.add(measure)
    # A training's survey answered once, with a comment; its change page links to its batch of links.
    make_responses(make_survey().questions.first(), [4], timezone.localdate(), comment="Clear and useful.")
    AccessAttempt.objects.create(
        username="someone",
        ip_address="127.0.0.1",
        user_agent="test",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/admin/login/",
        failures_since_start=1,
    )
    AccessFailureLog.objects.create(
        username="someone",
        ip_address="127.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/admin/login/",
        locked_out=False,
    )
    with override_settings(TASKS=DATABASE_TASKS):
        clean_import_previews.enqueue()
    return reports


class Checked:
    """The pages checked so far: their URL names, and their server HTML for the Nu checker."""

    def __init__(self, folder):
        self.folder = folder
        self.names: set[str] = set()
        self.pages: list[str] = []

    def visit(self, page, path: str, what: str, assert_accessible) -> bool:
        """Check the page; False when the role may not open it (Django links a read-only related
        record, such as the staff member on a history entry, whatever the reader's rights)."""
        response = page.goto(path)
        if response.status == 403:
            return False
        assert response.status == 200, f"{what}: {path} answered {response.status}"
        self.record(page, response.text(), what, assert_accessible)
        return True

    def record(self, page, html: str, what: str, assert_accessible) -> None:
        assert_accessible(page)
        page_file(self.folder, self.pages).write_text(html)
        self.pages.append(f"{what}: {page.url}")
        self.names.add(resolve(urlsplit(page.url).path).url_name)


def admin_links(page) -> list[str]:
    """The paths of the page's links into the admin, written relative or not."""
    hrefs = page.locator("#content a[href], #user-tools a[href]").evaluate_all(
        "links => links.map(link => link.href)"
    )
    here = urlsplit(page.url).netloc
    paths = [urlsplit(href) for href in hrefs]
    return [
        path.path + (f"?{path.query}" if path.query else "")
        for path in paths
        if path.netloc == here and path.path.startswith("/admin/")
    ]


def go_through_the_admin(page, checked: Checked, what: str, assert_accessible, reports) -> None:
    """From the home page, each link to a kind of admin page not seen yet, checked."""
    seen = set()
    waiting = ["/admin/"]
    while waiting:
        path = waiting.pop(0)
        if not checked.visit(page, path, what, assert_accessible):
            continue
        for href in admin_links(page):
            name = resolve(urlsplit(href).path).url_name
            if not_a_page(name) or name in seen:
                continue
            seen.add(name)
            waiting.append(href)
    # Shown after a form is sent, so no link leads there.
    extra = ["/admin/password_change/done/"]
    if page.get_by_role("link", name="Reports", exact=True).count():
        # The queue searched and filtered, the report page in each state, the report's history
        # (its page has no link to Django's), and the page shown when a PIN is given.
        extra += ["/admin/reporting/report/?q=Sam&status__exact=submitted"]
        extra += [f"/admin/reporting/report/{report.pk}/change/" for report in reports]
        extra += [f"/admin/reporting/report/{reports[0].pk}/history/"]
        extra += [f"/admin/reporting/pinissue/given/{reports[0].pk}/"]
    for path in extra:
        checked.visit(page, path, what, assert_accessible)


def an_action_with_errors(page, checked: Checked, what: str, assert_accessible, report) -> None:
    """A request for information of only spaces, sent by keyboard: the page opens at its errors."""
    page.goto(f"/admin/reporting/report/{report.pk}/change/")
    body = page.locator("#id_request_info-body")
    if not body.count():
        return
    body.fill("   ")
    page.get_by_role("button", name="Ask the resident for more information").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).fragment == "action-request_info"
    expect(page.locator("#action-request_info .errorlist").first).to_be_visible()
    checked.record(page, page.content(), what + ", an action with errors", assert_accessible)


def test_every_admin_page_each_role_reaches_passes_axe_and_the_nu_checker(
    browser, live_server, assert_accessible, tmp_path
):
    require_command("java", "Java is not installed: the Nu HTML checker cannot run (make test installs it)")
    checked = Checked(tmp_path)
    reports = one_of_everything(make_staff(SUPERVISORS, username="maker"))
    users = []
    for role, username in ROLES:
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        page = context.new_page()
        sign_in_page(page, role, username)
        users.append(User.objects.get(username=username))
        go_through_the_admin(page, checked, f"{role}, en", assert_accessible, reports)
        an_action_with_errors(page, checked, f"{role}, en", assert_accessible, reports[0])
        context.close()

    unchecked = pages_a_role_may_open(users) - checked.names
    assert unchecked == set(), (
        f"admin pages no role reached, name each in NOT_PAGES with why: {sorted(unchecked)}"
    )

    errors = nu_errors(tmp_path, checked.pages)
    assert errors == [], "\n".join(errors)
