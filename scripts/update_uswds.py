"""Refresh the vendored USWDS assets from the @uswds/uswds npm package.

Usage: python scripts/update_uswds.py [VERSION]

Needs npm (only for this refresh; running and testing the project does not). Copies the
compiled stylesheet and exactly the fonts and images it refers to into static/vendor/uswds/.
"""

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

DEFAULT_VERSION = "3.14.0"
TARGET = Path(__file__).resolve().parent.parent / "static" / "vendor" / "uswds"


def main(version: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"@uswds/uswds@{version}"], cwd=tmp, check=True, capture_output=True)
        (tarball,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        dist = Path(tmp) / "package" / "dist"
        css = (dist / "css" / "uswds.min.css").read_text()
        referenced = sorted(set(re.findall(r"url\(\"?'?\.\./([^)\"'?#]+)", css)))

        shutil.rmtree(TARGET, ignore_errors=True)
        (TARGET / "css").mkdir(parents=True)
        # The source map comment would point at a file we do not ship.
        css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
        (TARGET / "css" / "uswds.min.css").write_text(css)
        for relative in referenced:
            destination = TARGET / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(dist / relative, destination)
        shutil.copy2(Path(tmp) / "package" / "LICENSE.md", TARGET / "LICENSE.md")
        (TARGET / "VERSION").write_text(version + "\n")
    print(f"USWDS {version}: stylesheet and {len(referenced)} referenced files in {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_VERSION)
