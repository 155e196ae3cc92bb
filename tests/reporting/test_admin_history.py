import pytest

from reporting import services
from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def history_url(settings):
    return f"/{settings.ADMIN_URL}reporting/historyentry/"


def test_history_needs_a_staff_login(anonymous, history_url):
    response = anonymous.get(history_url)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_opi_staff_cannot_see_report_history(opi_staff, history_url):
    assert opi_staff.get(history_url).status_code == 403


def test_report_takers_and_supervisors_read_the_history(report_taker, supervisor, history_url):
    report, _token = make_report()

    for client in (report_taker, supervisor):
        html = client.get(history_url).content.decode()
        assert report.reference in html
        assert "Add history entry" not in html


def test_nobody_can_change_or_delete_a_history_entry_in_the_admin(supervisor, history_url):
    report, _token = make_report()
    entry = report.history.get()

    page = supervisor.get(f"{history_url}{entry.pk}/change/").content.decode()
    assert 'type="submit"' not in page.split('id="content-main"', 1)[1]
    assert supervisor.post(f"{history_url}{entry.pk}/change/", {"text": "rewritten"}).status_code == 403
    assert supervisor.post(f"{history_url}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert supervisor.get(f"{history_url}add/").status_code == 403
    assert report.history.get().text == ""


def test_the_history_list_costs_the_same_queries_however_long(
    report_taker, history_url, django_assert_max_num_queries
):
    report, _token = make_report()
    for _ in range(30):
        services.add_note(report, actor=report_taker.user, text="Called the resident.")

    with django_assert_max_num_queries(12):
        assert report_taker.get(history_url).status_code == 200
