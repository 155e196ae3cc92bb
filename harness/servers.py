"""The app server and its neighbours as the tests and benchmarks start them: production
settings, plain HTTP over loopback, each server on a free port, stopped afterwards."""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The demo data of each app, in the order the Makefile's `run` loads them.
DEMO_COMMANDS = ("load_demo_staff", "load_demo_metrics", "load_demo_reports")


def server_url() -> str:
    """DATABASE_URL when set, else the embedded development server's (started if need be)."""
    if "DATABASE_URL" in os.environ:
        return os.environ["DATABASE_URL"]
    from config.embedded_postgres import database_url

    return database_url()


def production_environment(database_url: str) -> dict[str, str]:
    """The process environment with the variables production requires, for a loopback server."""
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


def wait_for_port(port: int, process: subprocess.Popen, name: str, seconds: float = 30) -> None:
    """Return once `process` accepts connections on `port`; RuntimeError if it exits or is slow."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not answer on port {port} within {seconds} seconds")


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
    wait_for_port(port, server, "gunicorn")
    return server, port


@contextmanager
def running(command: list[str], port: int, name: str, **popen):
    """Start a server, wait until its port answers, and stop it afterwards. Should it not start,
    the error ends with what it printed."""
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, **popen)
        try:
            try:
                wait_for_port(port, process, name)
            except RuntimeError as error:
                output.seek(0)
                printed = output.read().decode(errors="replace")[-3000:]
                raise RuntimeError(f"{error}:\n{printed}") from None
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
