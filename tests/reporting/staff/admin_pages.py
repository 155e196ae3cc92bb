"""URLs and posts of the staff admin pages, as a browser makes them."""

from django.urls import reverse


def changelist_url() -> str:
    return reverse("admin:reporting_report_changelist")


def page_url(report) -> str:
    return reverse("admin:reporting_report_change", args=[report.pk])


def file_url(report, source: str, pk: int, version: str = "original") -> str:
    return reverse("admin:reporting_report_file", args=[report.pk, source, pk, version])


def act(client, report, action: str, files=None, **fields):
    """Post one action form from the report page."""
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    for name, upload in (files or {}).items():
        data[f"{action}-{name}"] = upload
    return client.post(page_url(report), data)
