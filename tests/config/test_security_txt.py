import datetime

import pytest

pytestmark = pytest.mark.django_db

URL = "/.well-known/security.txt"


def fields(response) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in response.content.decode().splitlines())


def test_security_txt_names_the_configured_contact_as_rfc_9116_asks(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@safety.example.org"

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    found = fields(response)
    assert found["Contact"] == "mailto:security@safety.example.org"
    assert found["Preferred-Languages"] == "en"
    assert found["Canonical"] == "http://testserver/.well-known/security.txt"
    expires = datetime.datetime.fromisoformat(found["Expires"])
    now = datetime.datetime.now(tz=datetime.UTC)
    assert now < expires < now + datetime.timedelta(days=365)


def test_security_txt_is_not_served_without_a_contact(client, settings):
    settings.SECURITY_CONTACT = ""

    assert client.get(URL).status_code == 404


def test_security_txt_only_answers_reads(client, settings):
    settings.SECURITY_CONTACT = "https://safety.example.org/security"

    assert client.post(URL).status_code == 405
    assert client.head(URL).status_code == 200
