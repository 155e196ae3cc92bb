"""What the benchmarks run the app with: production settings, on plain HTTP over loopback, in
gunicorn on a free port."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def server_url() -> str:
    """DATABASE_URL when set, else the embedded development server's (started if need be)."""
    if "DATABASE_URL" in os.environ:
        return os.environ["DATABASE_URL"]
    from config.embedded_postgres import database_url

    return database_url()


def production_environment(database_url: str) -> dict[str, str]:
    """The process environment with the variables production requires, for a loopback benchmark."""
    return {
        **os.environ,
        "DATABASE_URL": database_url.replace("postgresql://", "postgres://", 1),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # The load generators speak plain HTTP on loopback; HTTPS would redirect every request.
        "DJANGO_HTTPS": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict[str, str], *, workers: int = 2, **output) -> tuple[subprocess.Popen, int]:
    """gunicorn on a free loopback port, once it accepts connections; `output` is passed to Popen
    (stdout, stderr)."""
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        **output,
    )
    wait_until_up(port, server)
    return server, port


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    for _attempt in range(100):
        if server.poll() is not None:
            raise SystemExit("gunicorn exited; see its output above")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")
