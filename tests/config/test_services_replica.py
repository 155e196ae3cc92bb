"""Public pages read from the read replica through config/routers.py; all else uses the primary.

The replica here is a second database alias on the same server, pointing at the same test
database (Django's TEST MIRROR), so what one writes the other reads at once: the tests show
which alias each page's queries go to."""

import pytest
from django.apps import apps
from django.db import connections
from django.test.utils import CaptureQueriesContext

from accounts.roles import sync_roles
from harness.answers import SCREENING_CLEAR
from publicsite.models import GlossaryTerm
from tests.config.services import settings_under

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
CONTENT_TABLES = ("publicsite_", "pilots_", "reporting_reportfigures", "reporting_screeningexit")


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup):
    """The alias the settings make from DATABASE_REPLICA_URL, as a mirror of the test database."""
    primary = connections["default"].settings_dict
    connections.settings["replica"] = {**primary, "TEST": {**primary["TEST"], "MIRROR": "default"}}
    yield
    connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


@pytest.fixture(autouse=True)
def _replica_configured(transactional_db, settings, monkeypatch):
    # Another test's flush may have removed the groups the migrations made.
    sync_roles(apps)
    configured = settings_under(monkeypatch, {"DATABASE_REPLICA_URL": "postgres://replica.invalid/app"})
    settings.DATABASE_ROUTERS = configured["DATABASE_ROUTERS"]
    settings.MIDDLEWARE = configured["MIDDLEWARE"]


def queries_on_each_alias(request):
    """Run `request()` and return the SQL it sent to the primary and to the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = request()
    assert response.status_code == 200
    return [query["sql"] for query in primary], [query["sql"] for query in replica]


def reads_content(sql: str) -> bool:
    return any(f'"{table}' in sql for table in CONTENT_TABLES)


def test_a_replica_url_adds_the_replica_database_and_its_router(monkeypatch):
    configured = settings_under(
        monkeypatch, {"DATABASE_REPLICA_URL": "postgres://app@replica.internal:5432/app"}
    )

    assert configured["DATABASES"]["replica"]["HOST"] == "replica.internal"
    assert configured["DATABASES"]["replica"]["TEST"] == {"MIRROR": "default"}
    assert (
        configured["DATABASES"]["replica"]["CONN_MAX_AGE"]
        == configured["DATABASES"]["default"]["CONN_MAX_AGE"]
    )
    assert configured["DATABASE_ROUTERS"] == ["config.routers.ReplicaRouter"]
    assert "config.routers.PublicPageReadsMiddleware" in configured["MIDDLEWARE"]


def test_without_a_replica_url_everything_uses_the_one_database(monkeypatch):
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)

    configured = settings_under(monkeypatch, {})

    assert list(configured["DATABASES"]) == ["default"]
    assert "DATABASE_ROUTERS" not in configured


def test_a_public_page_reads_its_content_from_the_replica(anonymous):
    GlossaryTerm.objects.create(term="Crisis team", slug="crisis-team", definition="Unarmed responders.")

    primary, replica = queries_on_each_alias(lambda: anonymous.get("/es/glossary/"))

    assert any('"publicsite_glossaryterm"' in sql for sql in replica)
    # The cache key's content version comes from the same database as the content.
    assert any('"publicsite_contentversion"' in sql for sql in replica)
    assert not any(reads_content(sql) for sql in primary)


def test_the_data_page_counts_reports_on_the_replica(anonymous):
    primary, replica = queries_on_each_alias(lambda: anonymous.get("/data/"))

    assert any('"reporting_reportfigures"' in sql for sql in replica)
    assert any("GROUPING SETS" in sql for sql in replica)
    assert not any(reads_content(sql) for sql in primary)


def test_a_residents_draft_is_read_from_the_primary(resident):
    resident.post("/report/screening/", SCREENING_CLEAR)

    primary, replica = queries_on_each_alias(lambda: resident.get("/report/new/what/"))

    assert any('"django_session"' in sql for sql in primary)
    # The page cache looks up every page before its address is resolved: it reads the public
    # content version there, and nothing else.
    assert all('"publicsite_contentversion"' in sql for sql in replica)


def test_staff_read_and_write_content_on_the_primary(opi_staff):
    term = GlossaryTerm.objects.create(
        term="Crisis team", slug="crisis-team", definition="Unarmed responders."
    )
    change = f"/admin/publicsite/glossaryterm/{term.pk}/change/"

    primary, replica = queries_on_each_alias(lambda: opi_staff.get(change))
    assert any('"publicsite_glossaryterm"' in sql for sql in primary)
    assert replica == []

    posted = {"slug": "crisis-team", "_save": "Save"}
    for language in ("en", "es", "so", "hmn"):
        posted |= {f"term_{language}": "", f"definition_{language}": ""}
    posted |= {"term_en": "Crisis team", "definition_en": "Mental-health responders."}
    primary, replica = queries_on_each_alias(lambda: opi_staff.post(change, posted, follow=True))
    assert any('UPDATE "publicsite_glossaryterm"' in sql for sql in primary)
    assert replica == []
    term.refresh_from_db()
    assert term.definition_en == "Mental-health responders."
