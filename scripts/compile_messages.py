"""Compile every .po catalog of the project into its .mo file, without GNU gettext.

Run by `make run` and `make test` (and by a deploy's build step), so a fresh machine needs no
gettext tools. A catalog is only rewritten when its .po file is newer than its .mo file.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
# The project catalog and each app's.
CATALOGS = ("locale/*/LC_MESSAGES/*.po", "*/locale/*/LC_MESSAGES/*.po")


def main() -> None:
    for po_path in sorted(path for pattern in CATALOGS for path in ROOT.glob(pattern)):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        print(f"compiled {mo_path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
