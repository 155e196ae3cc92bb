"""The lock files that `make` and deployments install hold exactly what pyproject.toml asks for."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.process

BASE_DIR = Path(__file__).resolve().parents[2]


def check_lock(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "check_lock.py")], capture_output=True, text=True, check=False
    )


def copy_of_the_project_files(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(BASE_DIR / "scripts" / "check_lock.py", tmp_path / "scripts")
    for name in ("pyproject.toml", "requirements.lock", "requirements-dev.lock"):
        shutil.copy(BASE_DIR / name, tmp_path)
    return tmp_path


def test_the_lock_files_hold_every_dependency_within_its_range():
    result = check_lock(BASE_DIR)

    assert result.returncode == 0, result.stderr


def test_a_dependency_added_without_running_make_lock_is_refused(tmp_path):
    root = copy_of_the_project_files(tmp_path)
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text().replace('"polib>=1.2,<2",', '"polib>=1.2,<2",\n    "qrcode>=8",')
    pyproject.write_text(text)

    result = check_lock(root)

    assert result.returncode != 0
    assert "requirements.lock lacks qrcode>=8" in result.stderr
    assert "run `make lock`" in result.stderr


def test_a_range_that_the_pinned_version_no_longer_fits_is_refused(tmp_path):
    root = copy_of_the_project_files(tmp_path)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"Django>=5.2,<5.3"', '"Django>=6.0"'))

    result = check_lock(root)

    assert result.returncode != 0
    assert re.search(r"requirements\.lock pins Django==5\.2\.\d+, outside Django>=6\.0", result.stderr)


def test_production_installs_no_development_package_and_the_versions_the_tests_ran():
    production = (BASE_DIR / "requirements.lock").read_text()
    development = (BASE_DIR / "requirements-dev.lock").read_text()

    for package in ("pgserver", "pytest", "playwright", "hypothesis"):
        assert not re.search(rf"^{package}==", production, re.MULTILINE)
        assert re.search(rf"^{package}==", development, re.MULTILINE)
    for pin in re.findall(r"^\S+==\S+", production, re.MULTILINE):
        assert re.search(rf"^{re.escape(pin)}\b", development, re.MULTILINE), pin
