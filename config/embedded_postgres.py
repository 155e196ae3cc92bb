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
    return server(data_dir).get_uri("postgres").replace("postgresql://", "postgres://", 1)


def server(data_dir: Path = DATA_DIR):
    """The embedded server of this data folder, started if need be."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers) and falls back to /tmp,
        # which is where pgserver keeps its inter-process lock file: that fallback is fine.
        warnings.simplefilter("ignore")
        import pgserver

        return pgserver.get_server(data_dir, cleanup_mode="stop")


# Outages on purpose, for the tests and benchmarks that show the site through one: the server's
# own pg_ctl, run as the user the server runs as.


def stop(running) -> None:
    """Stop the server as an administrator would: connections are cut, new ones refused."""
    import pgserver

    pgserver.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=running.pgdata, user=running.system_user)


def start(running) -> None:
    """Start it again, as pgserver starts it, and wait until it accepts connections."""
    running.ensure_postgres_running()


def restart(running) -> None:
    """Stop and start it in one go, as after a configuration change or an upgrade."""
    import pgserver

    pgserver.pg_ctl(["-w", "-m", "fast", "restart"], pgdata=running.pgdata, user=running.system_user)
    # pgserver notes the new server process, so that it stops this one when it is done.
    running.ensure_postgres_running()
