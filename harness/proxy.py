"""The shipped nginx site (deploy/nginx-site.conf) in Debian's real nginx, in front of gunicorn
with production settings on a Unix socket, as the City runs them. Only the site's listening
addresses (loopback, free ports) and its paths (a folder of the caller's) are changed; the
certificate is a self-signed one made here. nginx needs no root: its pid, logs, temporary files
and cache are all in that folder, and nothing is written under /var."""

import datetime
import ipaddress
import os
import re
import secrets
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from harness.servers import ROOT, free_port, running

SITE = ROOT / "deploy" / "nginx-site.conf"
WEB_SERVICE = ROOT / "deploy" / "app-web.service"


@dataclass
class Site:
    https_port: int
    http_port: int
    tls: ssl.SSLContext
    cache: Path

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"


def environment_behind_nginx(database_url: str, folder: Path) -> dict[str, str]:
    """Production's environment as the City's environment file (deploy/app.env) sets it: HTTPS,
    behind one proxy, with static files collected and uploads kept in `folder`."""
    return {
        **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BEHIND_PROXY": "true",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": database_url,
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "IMPORT_PREVIEW_ROOT": str(folder / "import-previews"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, valid for a day, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certificate_path, key_path = folder / "site.pem", folder / "site.key"
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return certificate_path, key_path


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


def substituted(text: str, replacements: dict[str, str]) -> str:
    """The site with each shipped value replaced; a value the site no longer has fails loudly, so
    what runs here cannot drift from the file the City installs."""
    for shipped, replacement in replacements.items():
        if shipped not in text:
            raise ValueError(f"{shipped!r} is no longer in {SITE.name}")
        text = text.replace(shipped, replacement)
    return text


def nginx_configuration(folder: Path, site: Path) -> Path:
    """The main configuration Debian's /etc/nginx/nginx.conf would be, with every file nginx
    writes in `folder`. Under root, nginx's workers would drop to `nobody`, who cannot open the
    caller's folders or gunicorn's socket: they keep the caller's user instead."""
    for temporary in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / temporary).mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""
    configuration = folder / "nginx.conf"
    configuration.write_text(
        f"{user}worker_processes auto;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events {}\nhttp {\n"
        "    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    access_log {folder}/access.log;\n"
        f"    client_body_temp_path {folder}/body;\n    proxy_temp_path {folder}/proxy;\n"
        f"    fastcgi_temp_path {folder}/fastcgi;\n    uwsgi_temp_path {folder}/uwsgi;\n"
        f"    scgi_temp_path {folder}/scgi;\n"
        f"    include {site};\n}}\n"
    )
    return configuration


@contextmanager
def gunicorn_on_socket(path: Path, environment: dict[str, str], workers: int = 2):
    """gunicorn as app-web.service starts it, on a Unix socket as app-web.socket gives it one, once
    the socket answers."""
    shipped = re.search(r"^ExecStart=\S+/gunicorn (.+)$", WEB_SERVICE.read_text(), re.MULTILINE).group(1)
    command = [sys.executable, "-m", "gunicorn", *shipped.split(), f"--workers={workers}"]
    command.append(f"--bind=unix:{path}")
    with tempfile.TemporaryFile() as output:
        server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with socket.socket(socket.AF_UNIX) as probe:
                        probe.connect(str(path))
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        output.seek(0)
                        printed = output.read().decode(errors="replace")[-3000:]
                        raise RuntimeError(f"gunicorn did not start:\n{printed}") from None
                    time.sleep(0.1)
            yield
        finally:
            server.terminate()
            server.wait(timeout=10)


def collect_static(environment: dict[str, str]) -> None:
    """collectstatic into the environment's DJANGO_STATIC_ROOT, as a release does."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )


@contextmanager
def nginx_in_front_of_gunicorn(nginx: str, folder: Path, environment: dict[str, str], workers: int = 2):
    """The shipped site in nginx and gunicorn behind it, with every file of theirs in `folder`,
    static files served from the environment's DJANGO_STATIC_ROOT (collected already); yields the
    Site once both answer."""
    certificate, key = self_signed_certificate(folder)
    https_port, http_port = free_port(), free_port()
    v6 = ipv6_loopback()
    cache, socket_path = folder / "cache", folder / "gunicorn.sock"
    site_file = folder / "site.conf"
    site_file.write_text(
        substituted(
            SITE.read_text(),
            {
                "listen 80;": f"listen 127.0.0.1:{http_port};",
                "listen [::]:80;": f"listen [::1]:{http_port};" if v6 else "",
                "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
                "listen [::]:443 ssl;": f"listen [::1]:{https_port} ssl;" if v6 else "",
                "/var/cache/nginx/app": str(cache),
                "/run/app/gunicorn.sock": str(socket_path),
                "/srv/app/staticfiles/": f"{environment['DJANGO_STATIC_ROOT']}/",
                "/etc/ssl/certs/app.pem": str(certificate),
                "/etc/ssl/private/app.key": str(key),
            },
        )
    )
    configuration = nginx_configuration(folder, site_file)
    command = [nginx, "-p", str(folder), "-c", str(configuration), "-e", str(folder / "error.log")]
    command += ["-g", "daemon off;"]
    with gunicorn_on_socket(socket_path, environment, workers), running(command, https_port, "nginx"):
        yield Site(https_port, http_port, ssl.create_default_context(cafile=certificate), cache)
