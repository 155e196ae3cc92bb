"""What the benchmarks run the app with: production settings, on plain HTTP over loopback."""

import os
import secrets


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
