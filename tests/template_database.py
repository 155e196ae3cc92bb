"""The migrated database `make test-fast` copies for each test process, where `make test` migrates
one per process: PostgreSQL copies a database in about a second, migrating one takes fifteen.

    .venv/bin/python -m tests.template_database    # prints the template's name

The template is named for the migrations it was built from, so a migration added or edited makes
a new one and the others are dropped. It is built under a temporary name and renamed once
migrated, so a build that is stopped half-way is never copied.
"""

import hashlib
import os
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "test_template_"


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection

    name = PREFIX + fingerprint()
    building = name + "_building"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [PREFIX])
        existing = {row[0] for row in cursor.fetchall()}
        for stale in existing - {name}:
            cursor.execute(f"DROP DATABASE {quote(stale)}")
    if name not in existing:
        project_database = connection.settings_dict["NAME"]
        connection.settings_dict["TEST"]["NAME"] = building
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        connection.close()
        connection.settings_dict["NAME"] = project_database
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(name)}")
        connection.close()
    print(name)


if __name__ == "__main__":
    main()
