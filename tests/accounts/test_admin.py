import pytest


@pytest.mark.django_db
def test_admin_login_page_is_branded(client, settings):
    response = client.get(f"/{settings.ADMIN_URL}login/")

    assert response.status_code == 200
    assert "Alternatives to police response" in response.content.decode()


@pytest.mark.django_db
def test_admin_needs_a_staff_login(anonymous, settings):
    response = anonymous.get(f"/{settings.ADMIN_URL}")

    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_supervisors_manage_accounts_and_others_do_not(supervisor, report_taker, opi_staff, settings):
    users_url = f"/{settings.ADMIN_URL}auth/user/"

    assert supervisor.get(users_url).status_code == 200
    assert report_taker.get(users_url).status_code == 403
    assert opi_staff.get(users_url).status_code == 403
