import re
from pathlib import Path

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


# USWDS classes our templates use that have no rule of their own in USWDS (they only style in
# combination with components we do not use, or are for markup alone).
USWDS_CLASSES_WITHOUT_RULES = {
    "usa-header--basic",
    "usa-step-indicator__heading-counter",
    "usa-step-indicator__heading-text",
    "usa-summary-box__body",
}


def test_every_uswds_class_the_templates_use_is_in_the_trimmed_stylesheet():
    # The vendored stylesheet keeps only the rules our pages use (scripts/update_uswds.py): a
    # template that starts using another USWDS component needs the script run again.
    root = Path(__file__).resolve().parents[2]
    css = (root / "static/vendor/uswds/css/uswds.min.css").read_text()
    defined = {name.replace("\\", "") for name in re.findall(r"\.((?:[\w-]|\\:)+)", css)}
    used = set()
    for template in [*root.glob("templates/**/*.html"), *root.glob("*/templates/**/*.html")]:
        for classes in re.findall(r'class="([^"]*)"', template.read_text()):
            used.update(re.findall(r"usa-[\w-]+\b(?!-)", re.sub(r"{%.*?%}|{{.*?}}", " ", classes)))

    assert used - defined - USWDS_CLASSES_WITHOUT_RULES == set()


@pytest.mark.django_db
def test_the_pages_preload_exactly_the_fonts_the_stylesheet_uses(client):
    root = Path(__file__).resolve().parents[2]
    css = (root / "static/vendor/uswds/css/uswds.min.css").read_text()
    used = {f"vendor/uswds/{path}" for path in re.findall(r"url\(\.\./(fonts/[^)]+)\)", css)}
    html = client.get("/").content.decode()
    preloaded = set(re.findall(r'<link rel="preload" href="/static/([^"]+)" as="font"', html))

    assert len(used) == 2
    assert preloaded == used
