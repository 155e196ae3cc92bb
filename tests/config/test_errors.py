import contextlib

import pytest
from django.db import DatabaseError, connection, transaction
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


@pytest.mark.django_db(transaction=True)
def test_server_error_page_is_drawn_even_when_the_database_query_failed():
    request = RequestFactory().get("/")
    with translation.override("en"), transaction.atomic():
        with connection.cursor() as cursor, contextlib.suppress(DatabaseError):
            cursor.execute("SELECT 1 / 0")
        # The transaction is now broken: any query fails until it ends, the footer's too.
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert 'href="tel:911"' in html
    assert "Contact the City" in html
