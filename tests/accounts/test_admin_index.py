"""The admin's front page leads each role to the dashboards it may open, and to no other."""

import pytest
from django.urls import reverse

from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db

STAFF_DASHBOARD = "/reporting/report/dashboard/"
PILOT_FIGURES = "/pilot-figures/"

# Declared, because the persona fixtures are asked for by name inside the test: without it the
# test would be ordered after the transactional tests, which empty the staff groups.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "staff_dashboard", "pilot_figures"),
    [
        ("report_taker", True, False),
        ("supervisor", True, True),
        ("opi_staff", False, True),
        ("staff_without_group", False, False),
    ],
)
def test_the_front_page_links_the_dashboards_a_role_may_open(
    persona, staff_dashboard, pilot_figures, request
):
    client = request.getfixturevalue(persona)

    response = client.get(reverse("admin:index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert (STAFF_DASHBOARD in html) is staff_dashboard
    assert (PILOT_FIGURES in html) is pilot_figures
    for link, shown in ((STAFF_DASHBOARD, staff_dashboard), (PILOT_FIGURES, pilot_figures)):
        if shown:
            assert client.get(_href(html, link)).status_code == 200


def _href(html: str, ending: str) -> str:
    start = html.index(ending)
    return html[html.rindex('href="', 0, start) + len('href="') : start + len(ending)]


def test_the_front_page_with_dashboards_is_valid_html(supervisor):
    assert_valid_html(supervisor.get(reverse("admin:index")))
