"""A local PostgreSQL server for development and tests, used only when DATABASE_URL is unset.

pgserver ships PostgreSQL as a wheel. Every process that loads the settings (the runserver
reloader and its child, gunicorn workers, pytest-xdist workers) asks for the same data folder;
pgserver starts the server once under an inter-process lock, counts the processes holding it
and stops it when the last one exits.
"""

import warnings
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"


@cache
def database_url(data_dir: Path = DATA_DIR) -> str:
    """Start (or reuse) the embedded server and return a DATABASE_URL for its main database."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers) and falls back to /tmp,
        # which is where pgserver keeps its inter-process lock file: that fallback is fine.
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(data_dir, cleanup_mode="stop")
        return server.get_uri("postgres").replace("postgresql://", "postgres://", 1)
