"""Check that the lock files still hold what pyproject.toml asks for.

`make` installs exact versions from requirements-dev.lock (development, tests, CI) and a
deployment installs requirements.lock; both are written by `make lock`. This fails, naming each
problem, when a dependency of pyproject.toml is missing from a lock or pinned outside its range,
when the production lock holds a development package, or when the two locks pin a package
differently (production must run what the tests ran).

    python scripts/check_lock.py
"""

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_LOCK = ROOT / "requirements.lock"
DEVELOPMENT_LOCK = ROOT / "requirements-dev.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pins(lock: Path) -> dict[str, Version]:
    """Each package of a lock file written by `uv pip compile`, with its exact version."""
    return {canonicalize_name(name): Version(version) for name, version in PIN.findall(lock.read_text())}


def declared() -> tuple[list[Requirement], list[Requirement]]:
    """(runtime, development) requirements of pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = [Requirement(line) for line in project["dependencies"]]
    development = [Requirement(line) for line in project["optional-dependencies"]["dev"]]
    return runtime, development


def problems() -> list[str]:
    runtime, development = declared()
    production, full = pins(PRODUCTION_LOCK), pins(DEVELOPMENT_LOCK)
    found = []
    for lock, locked, requirements in [
        (PRODUCTION_LOCK, production, runtime),
        (DEVELOPMENT_LOCK, full, runtime + development),
    ]:
        for requirement in requirements:
            version = locked.get(canonicalize_name(requirement.name))
            if version is None:
                found.append(f"{lock.name} lacks {requirement}")
            elif not requirement.specifier.contains(version, prereleases=True):
                found.append(f"{lock.name} pins {requirement.name}=={version}, outside {requirement}")
    runtime_names = {canonicalize_name(requirement.name) for requirement in runtime}
    for requirement in development:
        name = canonicalize_name(requirement.name)
        if name in production and name not in runtime_names:
            found.append(f"{PRODUCTION_LOCK.name} holds the development package {requirement.name}")
    for name, version in production.items():
        if full.get(name) != version:
            other = full.get(name)
            found.append(f"{name} is {version} in {PRODUCTION_LOCK.name}, {other} in {DEVELOPMENT_LOCK.name}")
    return found


def main() -> None:
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        sys.exit("The lock files are out of date: run `make lock` and commit both.")


if __name__ == "__main__":
    main()
