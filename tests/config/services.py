"""The real shared services the tests start: Redis from Debian, moto's S3-compatible server,
and the settings module read again under other environment variables."""

import os
import runpy
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from harness.servers import free_port, running

BASE_DIR = Path(__file__).resolve().parents[2]
MOTO_SERVER = Path(sys.executable).parent / "moto_server"
# moto accepts any credentials; boto3 in the test process and in the app servers sends these.
S3_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret"}
S3_REGION = "us-east-1"


def require_command(name: str, missing: str) -> str:
    """The path of a program from Debian's packages that the Makefile's SYSTEM_PACKAGES installs.
    When it is missing the test is skipped, saying `missing`, except under CI, where that is a
    failure. Daemons are in /usr/sbin, which a normal user's PATH may leave out."""
    command = shutil.which(name, path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    if command is None:
        if os.environ.get("CI") == "true":
            pytest.fail(missing + " (required under CI)", pytrace=False)
        pytest.skip(missing)
    return command


@contextmanager
def redis_server():
    """A throwaway Redis on a free port, keeping nothing on disk; yields its redis:// URL."""
    port = free_port()
    command = [
        require_command("redis-server", "Debian's redis-server is not installed: the Redis tests cannot run"),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
    ]
    command += ["--save", "", "--appendonly", "no"]
    with running(command, port, "redis-server"):
        yield f"redis://127.0.0.1:{port}/0"


@contextmanager
def s3_server():
    """moto's S3-compatible server on a free port, in memory; yields its endpoint URL."""
    port = free_port()
    with running([str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)], port, "moto_server"):
        yield f"http://127.0.0.1:{port}"


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=S3_REGION,
        aws_access_key_id=S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def s3_environment(endpoint: str, bucket: str) -> dict[str, str]:
    """The variables that put uploads in `bucket` on the S3-compatible server at `endpoint`."""
    return {
        **S3_CREDENTIALS,
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": S3_REGION,
    }


def settings_under(monkeypatch, environment: dict[str, str]) -> dict:
    """config/settings.py's values when read with these variables set (the running settings are
    left as they are)."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_DIR / "config" / "settings.py"))
