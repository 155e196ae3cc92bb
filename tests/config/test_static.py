import re

import pytest
from django.core.management import call_command
from django.test import override_settings


def test_production_static_build_resolves_every_asset(tmp_path):
    # Manifest storage fails the build when a stylesheet refers to a file we do not ship.
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={"staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}},
    ):
        call_command("collectstatic", "--noinput", verbosity=0)

    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/uswds/css/uswds.min.*.css"))
    assert list(tmp_path.glob("css/site.*.css.gz"))


@pytest.mark.django_db
def test_the_site_has_an_icon_at_favicon_ico_and_linked_from_every_page(client):
    response = client.get("/favicon.ico", follow=True)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an ICO file
    icon = re.search(
        r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', client.get("/").content.decode()
    )
    svg = client.get(icon.group(1))
    assert svg.status_code == 200
    assert b"<svg" in b"".join(svg.streaming_content)
