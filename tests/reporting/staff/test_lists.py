import re

import pytest
from django.urls import reverse

from reporting.models import Site, WorkflowSettings
from tests.factories import make_reason

pytestmark = pytest.mark.django_db


def test_opi_staff_see_nothing_of_reporting_in_the_admin_but_the_wards_shapes(opi_staff):
    page = opi_staff.get(reverse("admin:index")).content.decode()

    assert set(re.findall(r'href="(/admin/reporting/[^"]*)"', page)) == {
        "/admin/reporting/",
        "/admin/reporting/wardboundary/",
        "/admin/reporting/wardimport/",
    }


def test_report_takers_read_the_reasons_but_cannot_change_them(report_taker):
    reason = make_reason()
    url = reverse("admin:reporting_reason_change", args=[reason.pk])

    assert report_taker.get(reverse("admin:reporting_reason_changelist")).status_code == 200
    report_taker.post(url, {"label_en": "Changed"})

    reason.refresh_from_db()
    assert reason.label != "Changed"


def test_supervisors_edit_a_reason_in_each_language(supervisor):
    reason = make_reason(label="Old label")
    data = {
        "action": "refer",
        "destination": "311",
        "active": "on",
        **{f"label_{language}": f"Label {language}" for language in ("en", "es", "so", "hmn")},
        **{f"explanation_{language}": "Call 311." for language in ("en", "es", "so", "hmn")},
    }

    response = supervisor.post(reverse("admin:reporting_reason_change", args=[reason.pk]), data)

    assert response.status_code == 302
    reason.refresh_from_db()
    assert (reason.label_en, reason.label_hmn) == ("Label en", "Label hmn")


def test_supervisors_set_how_long_a_request_for_information_waits(supervisor, report_taker):
    settings_row = WorkflowSettings.current()
    url = reverse("admin:reporting_workflowsettings_change", args=[settings_row.pk])

    assert report_taker.get(url).status_code == 403
    response = supervisor.post(
        url,
        {"info_request_days": "21", "first_review_days": "3", "visit_minutes": "60", "travel_minutes": "20"},
    )

    assert response.status_code == 302
    current = WorkflowSettings.current()
    assert (current.info_request_days, current.first_review_days) == (21, 3)
    assert (current.visit_minutes, current.travel_minutes) == (60, 20)


def test_a_wait_out_of_range_is_refused_with_a_message(supervisor):
    url = reverse("admin:reporting_workflowsettings_change", args=[WorkflowSettings.current().pk])

    response = supervisor.post(url, {"info_request_days": "400", "first_review_days": "2"})

    assert response.status_code == 200
    assert WorkflowSettings.current().info_request_days == 14


def test_a_review_target_out_of_range_is_refused_with_a_message(supervisor):
    url = reverse("admin:reporting_workflowsettings_change", args=[WorkflowSettings.current().pk])

    response = supervisor.post(url, {"info_request_days": "14", "first_review_days": "0"})

    assert response.status_code == 200
    assert WorkflowSettings.current().first_review_days == 2


@pytest.mark.parametrize(
    "name", ["reason", "messagetemplate", "workflowsettings", "exportrecord", "screeningexit"]
)
def test_anonymous_visitors_are_sent_to_log_in_for_every_list(name, anonymous):
    response = anonymous.get(reverse(f"admin:reporting_{name}_changelist"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


# OPI staff see the screening exits per week on their own dashboard
# (tests/publicsite/test_pilot_dashboard.py), not in reporting's list of daily counts.
@pytest.mark.parametrize("name", ["reason", "messagetemplate", "exportrecord", "screeningexit"])
def test_opi_staff_cannot_open_any_reporting_list(name, opi_staff):
    assert opi_staff.get(reverse(f"admin:reporting_{name}_changelist")).status_code == 403


@pytest.mark.parametrize("name", ["exportrecord", "screeningexit"])
def test_of_reporting_staff_only_supervisors_list_exports_and_screening_counts(
    name, report_taker, supervisor
):
    url = reverse(f"admin:reporting_{name}_changelist")

    assert report_taker.get(url).status_code == 403
    assert supervisor.get(url).status_code == 200


def test_supervisors_add_a_city_site_in_each_language_and_report_takers_only_read_them(
    supervisor, report_taker
):
    add = reverse("admin:reporting_site_add")
    assert supervisor.get(add).status_code == 200
    fields = {
        "address": "1 Example St\nMinneapolis",
        "map_url": "maps.example.org/site",
        "active": "on",
        "order": "0",
        **{f"name_{language}": f"Site {language}" for language in ("en", "es", "so", "hmn")},
    }

    response = supervisor.post(add, fields)

    assert response.status_code == 302
    site = Site.objects.get()
    assert (site.name_so, site.map_url, site.is_demo) == ("Site so", "https://maps.example.org/site", False)
    assert report_taker.get(reverse("admin:reporting_site_changelist")).status_code == 200
    assert report_taker.post(add, {**fields, "name_en": "Other"}).status_code == 403
    assert (
        supervisor.post(reverse("admin:reporting_site_delete", args=[site.pk]), {"post": "yes"}).status_code
        == 403
    )
