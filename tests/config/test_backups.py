"""A backup made by scripts/backup.sh restores, with scripts/restore.sh, into an empty database and
upload folder holding every report and every file."""

import hashlib
import importlib.util
import os
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from psycopg.conninfo import make_conninfo

from reporting.models import Attachment, Report
from tests.factories import make_report
from tests.reporting.conftest import jpeg_bytes, png_bytes

pytestmark = pytest.mark.process

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def server_binaries() -> str:
    """The embedded server's own pg_dump, pg_restore and psql: Debian's may be older than it.
    Found without importing pgserver, which warns when XDG_RUNTIME_DIR is unset."""
    package = importlib.util.find_spec("pgserver").submodule_search_locations[0]
    return str(Path(package) / "pginstall" / "bin")


def conninfo(database: str) -> str:
    """libpq's connection string for a database on the test database's server."""
    params = connection.settings_dict
    return make_conninfo(
        dbname=database,
        host=params["HOST"] or params["OPTIONS"].get("host"),
        port=params["PORT"] or None,
        user=params["USER"],
        password=params["PASSWORD"] or None,
    )


def run(script: str, folder: Path, database: str, media: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": conninfo(database), "DJANGO_MEDIA_ROOT": str(media)}
    env.update(PG_BIN=server_binaries())
    env.pop("AWS_STORAGE_BUCKET_NAME", None)
    return subprocess.run([SCRIPTS / script, folder], env=env, capture_output=True, text=True, check=False)


def attach(report: Report, content: bytes, name: str) -> Attachment:
    return Attachment.objects.create(
        report=report,
        original=ContentFile(content, name=name),
        viewing_copy=ContentFile(content, name=name),
        original_name=name,
        sha256=hashlib.sha256(content).hexdigest(),
        content_type="image/jpeg" if name.endswith(".jpg") else "image/png",
        size=len(content),
    )


@pytest.fixture
def empty_database():
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(conninfo("postgres"), autocommit=True) as server:
        server.execute(f"CREATE DATABASE {name}")
    yield name
    with psycopg.connect(conninfo("postgres"), autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_every_report_and_file(tmp_path, empty_database):
    with_photo, _token = make_report(full_name="Alex Resident")
    attach(with_photo, jpeg_bytes(), "bike.jpg")
    with_two, _token = make_report(full_name="Sam Resident")
    attach(with_two, jpeg_bytes((80, 60)), "door.jpg")
    attach(with_two, png_bytes(), "receipt.png")
    make_report(full_name="Kim Resident")  # no files
    media = Path(settings.STORAGES["default"]["OPTIONS"]["location"])

    backup = run("backup.sh", tmp_path / "backup", connection.settings_dict["NAME"], media)
    assert backup.returncode == 0, backup.stderr
    restored_media = tmp_path / "restored-media"
    restore = run("restore.sh", tmp_path / "backup", empty_database, restored_media)
    assert restore.returncode == 0, restore.stderr

    with psycopg.connect(conninfo(empty_database)) as restored:
        references = {row[0] for row in restored.execute("SELECT reference, full_name FROM reporting_report")}
        files = restored.execute("SELECT original, viewing_copy, sha256 FROM reporting_attachment").fetchall()
    assert references == set(Report.objects.values_list("reference", flat=True))
    assert len(references) == 3
    assert len(files) == 3
    for original, viewing_copy, sha256 in files:
        assert hashlib.sha256((restored_media / original).read_bytes()).hexdigest() == sha256
        assert (restored_media / viewing_copy).read_bytes() == (media / viewing_copy).read_bytes()


@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_database_that_has_tables(tmp_path):
    make_report()
    media = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    database = connection.settings_dict["NAME"]
    assert run("backup.sh", tmp_path / "backup", database, media).returncode == 0

    restore = run("restore.sh", tmp_path / "backup", database, tmp_path / "restored-media")

    assert restore.returncode != 0
    assert "restore only into an empty one" in restore.stderr
    assert Report.objects.count() == 1
