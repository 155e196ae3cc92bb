import pytest
from django.test import RequestFactory
from django.utils import translation

from config.views import server_error


@pytest.mark.django_db
def test_server_error_page_keeps_the_layout_and_language():
    request = RequestFactory().get("/so/")
    with translation.override("so"):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="so">' in html
    assert "Wax baa khaldamay" in html
    assert 'href="tel:911"' in html


@pytest.mark.django_db
def test_not_found_page_offers_a_way_home(client):
    response = client.get("/hmn/missing/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Nrhiav tsis tau nplooj ntawv" in html
    assert 'href="/hmn/"' in html
