from django.db import OperationalError


def test_healthz_reports_a_working_database(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError("connection refused")


def test_healthz_answers_503_when_the_database_does_not(client, db, monkeypatch):
    monkeypatch.setattr("config.views.connection", UnreachableDatabase())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_accepts_only_reads(client, db):
    assert client.post("/healthz").status_code == 405
