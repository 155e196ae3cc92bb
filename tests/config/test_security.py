import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

# The only variables production needs; everything else has a safe production default.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k3J9x-production-like-secret-with-enough-length-and-variety-7Qp2Zr8Lm4Vw",
    "DJANGO_ALLOWED_HOSTS": "safety.example.org",
    # A server that is never contacted: `check --deploy` must not need the embedded one.
    "DATABASE_URL": "postgres://app:secret@db.invalid:5432/app",
}


def run_with(environment: dict, *args: str) -> subprocess.CompletedProcess:
    """Run a Python command in a fresh process with only these project variables set."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update(environment)
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.process
def test_deploy_checks_pass_with_only_the_four_production_variables():
    result = run_with(PRODUCTION_ENV, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
@pytest.mark.process
def test_production_refuses_to_start_without_each_required_variable(missing):
    environment = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = run_with(environment, "manage.py", "check")

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {missing} must be set when DJANGO_DEBUG is false" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "change-me-to-a-long-random-string",  # .env.example's placeholder
        "x" * 49,
        "django-insecure-" + "k3J9x7Qp2Zr8Lm4Vw" * 4,
    ],
)
@pytest.mark.process
def test_production_refuses_a_short_or_insecure_secret_key(key):
    result = run_with({**PRODUCTION_ENV, "DJANGO_SECRET_KEY": key}, "manage.py", "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY must be at least 50 characters" in result.stderr


@pytest.mark.process
def test_debug_defaults_to_production_so_a_bare_start_refuses():
    result = run_with({}, "manage.py", "check")

    assert "ImproperlyConfigured: DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.process
def test_production_never_loads_the_embedded_postgresql():
    code = (
        "import django, sys; django.setup(); "
        "print('pgserver' in sys.modules, 'config.embedded_postgres' in sys.modules)"
    )

    result = run_with(PRODUCTION_ENV, "-c", code)

    assert result.stdout.split() == ["False", "False"], result.stderr


@pytest.mark.django_db
def test_pages_send_the_security_headers(client):
    response = client.get("/")

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["trace", "put", "delete", "options", "patch", "post"])
def test_pages_refuse_methods_they_do_not_serve(client, method):
    assert getattr(client, method)("/").status_code == 405


@pytest.mark.django_db
def test_head_is_served_like_get(client):
    assert client.head("/").status_code == 200


SECURITY_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
    "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_PRELOAD, s.DEBUG)"
)


@pytest.mark.process
def test_production_secures_cookies_and_sends_hsts_unless_told_otherwise():
    result = run_with(PRODUCTION_ENV, "-c", f"import django; django.setup(); {SECURITY_SETTINGS}")

    assert result.stdout.split() == ["True", "True", "True", "True", "True", "False"], result.stderr


@pytest.mark.process
def test_production_serves_plain_http_only_when_https_is_turned_off_by_name():
    environment = {**PRODUCTION_ENV, "DJANGO_HTTPS": "false"}

    result = run_with(environment, "-c", f"import django; django.setup(); {SECURITY_SETTINGS}")

    assert result.stdout.split() == ["False", "False", "False", "False", "False", "False"], result.stderr


@pytest.mark.process
def test_a_security_contact_that_is_not_an_address_is_a_start_up_error():
    result = run_with({**PRODUCTION_ENV, "DJANGO_SECURITY_CONTACT": "security team"}, "manage.py", "check")

    assert (
        "ImproperlyConfigured: DJANGO_SECURITY_CONTACT must start with mailto: or https://" in result.stderr
    )
