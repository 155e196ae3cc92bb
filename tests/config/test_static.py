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
