import pytest
from django.contrib.auth.models import Group

from accounts.roles import OPI_STAFF, REPORT_TAKERS, SUPERVISORS

pytestmark = pytest.mark.django_db


def reporting_permissions(role):
    return set(
        Group.objects.get(name=role)
        .permissions.filter(content_type__app_label="reporting")
        .values_list("codename", flat=True)
    )


def test_opi_staff_get_nothing_from_reporting_but_the_wards_shapes():
    assert reporting_permissions(OPI_STAFF) == {"view_wardboundary", "view_wardimport", "add_wardimport"}


def test_supervisors_import_the_wards_shapes_and_report_takers_do_not():
    shapes = {"view_wardboundary", "view_wardimport", "add_wardimport"}

    assert shapes <= reporting_permissions(SUPERVISORS)
    assert not shapes & reporting_permissions(REPORT_TAKERS)
    # Shapes are only ever replaced by an import, which keeps who brought them in.
    assert not {"add_wardboundary", "change_wardboundary", "delete_wardboundary"} & reporting_permissions(
        SUPERVISORS
    )


def test_report_takers_work_on_reports_but_do_not_reopen_export_or_edit_the_lists():
    permissions = reporting_permissions(REPORT_TAKERS)

    assert {
        "view_report",
        "change_report",
        "add_historyentry",
        "add_evidence",
        "add_custodytransfer",
    } <= permissions
    assert not permissions & {"reopen_report", "export_report", "change_reason", "change_messagetemplate"}


def test_supervisors_also_reopen_export_and_keep_the_lists():
    assert reporting_permissions(REPORT_TAKERS) < reporting_permissions(SUPERVISORS)
    assert {
        "reopen_report",
        "export_report",
        "export_personal_data",
        "change_reason",
    } <= reporting_permissions(SUPERVISORS)


def test_nobody_may_change_or_delete_history():
    for role in (REPORT_TAKERS, SUPERVISORS):
        assert not reporting_permissions(role) & {
            "change_historyentry",
            "delete_historyentry",
            "delete_report",
        }


def test_report_takers_and_supervisors_correct_reports_and_nobody_rewrites_a_correction():
    for role in (REPORT_TAKERS, SUPERVISORS):
        assert {"view_correction", "add_correction"} <= reporting_permissions(role)
        assert not reporting_permissions(role) & {"change_correction", "delete_correction"}
    assert not reporting_permissions(OPI_STAFF) & {"view_correction", "add_correction"}
