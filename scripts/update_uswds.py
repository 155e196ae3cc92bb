"""Refresh the vendored USWDS assets from the @uswds/uswds npm package, trimmed to what we use.

Usage: python scripts/update_uswds.py [VERSION]

Needs npm (only for this refresh; running and testing the project does not) and the dev extra
(tinycss2). Run it again after a template starts using a USWDS class it did not use before;
tests/config/test_static.py fails until then.

From the package's compiled stylesheet it keeps:
- the rules whose selectors name only classes that appear somewhere in our templates, Python
  code or stylesheets (a selector without classes, such as `body` or `a:hover`, is kept; classes
  inside `:not()`, `:is()` and the like are not looked at, so such rules are kept when the rest
  matches). Empty @media and @supports blocks go with them.
- two font files: Source Sans Pro regular and bold, the body text, shown only if they arrive
  before the text is first drawn (`font-display: optional`). Headings, USWDS's Merriweather,
  and code, its Roboto Mono, use the serif and monospace fonts of the reader's device instead;
  italic and light text are drawn from the two kept files by the browser.
Then it copies exactly the fonts and images the trimmed stylesheet refers to into
static/vendor/uswds/.
"""

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import tinycss2

DEFAULT_VERSION = "3.14.0"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "static" / "vendor" / "uswds"
# Where the class names our pages use are written: templates, forms and widgets, our CSS.
SOURCE_SUFFIXES = {".html", ".py", ".css"}
NOT_SOURCES = {".venv", "node_modules", "tests", "benchmarks", "scripts", "staticfiles", "vendor"}
KEPT_FONT_FILES = {
    "fonts/source-sans-pro/sourcesanspro-regular-webfont.woff2",
    "fonts/source-sans-pro/sourcesanspro-bold-webfont.woff2",
}
# Font names whose files are not kept: dropped from every font stack, which then falls back to
# the fonts it already lists after them (Georgia, serif; Consolas, monospace).
DROPPED_FONTS = ("Merriweather Web", "Roboto Mono Web")


def used_words() -> set[str]:
    """Every word that could be a class name, in every source file of the project."""
    words = set()
    for path in ROOT.rglob("*"):
        if path.suffix in SOURCE_SUFFIXES and not NOT_SOURCES & set(path.relative_to(ROOT).parts):
            words.update(re.findall(r"[\w:-]+", path.read_text(encoding="utf-8")))
    return words


def selector_classes(tokens) -> set[str]:
    """The class names of a selector, leaving out those inside functional pseudo-classes."""
    classes = set()
    for previous, part in zip([None, *tokens], tokens, strict=False):
        if part.type == "ident" and previous is not None and previous.type == "literal" and previous == ".":
            classes.add(part.value)
    return classes


def split_selectors(prelude) -> list[list]:
    selectors, current = [], []
    for part in prelude:
        if part.type == "literal" and part == ",":
            selectors.append(current)
            current = []
        else:
            current.append(part)
    return [*selectors, current]


def kept_rule(rule, used: set[str]) -> str:
    """The rule as CSS text, trimmed to the selectors we use; empty when none is left."""
    if rule.type == "qualified-rule":
        selectors = [
            tinycss2.serialize(selector).strip()
            for selector in split_selectors(rule.prelude)
            if selector_classes(selector) <= used
        ]
        return f"{','.join(selectors)}{{{tinycss2.serialize(rule.content)}}}" if selectors else ""
    if rule.type != "at-rule":
        return ""
    if rule.lower_at_keyword in ("media", "supports"):
        inner = "".join(kept_rule(child, used) for child in tinycss2.parse_rule_list(rule.content))
        return f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}" if inner else ""
    text = tinycss2.serialize([rule])
    if rule.lower_at_keyword == "font-face":
        files = re.findall(r"url\(\"?'?\.\./([^)\"'?#]+)", text)
        return text if set(files) <= KEPT_FONT_FILES else ""
    return text


def without_dropped_fonts(css: str) -> str:
    for name in DROPPED_FONTS:
        css = re.sub(rf'"?{name}"?\s*,\s*', "", css)
    # The page never redraws in the web font once shown in the fallback, which moved text
    # (Lighthouse's layout shift, 0.2 on Spanish pages); base.html preloads both files, so a
    # first visit gets them in time on all but slow connections, and every later page has them.
    return css.replace("font-display:fallback", "font-display:optional")


def trimmed(css: str, used: set[str]) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return without_dropped_fonts("".join(kept_rule(rule, used) for rule in rules))


def main(version: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"@uswds/uswds@{version}"], cwd=tmp, check=True, capture_output=True)
        (tarball,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        dist = Path(tmp) / "package" / "dist"
        full = (dist / "css" / "uswds.min.css").read_text()
        css = trimmed(full, used_words())
        referenced = sorted(set(re.findall(r"url\(\"?'?\.\./([^)\"'?#]+)", css)))

        shutil.rmtree(TARGET, ignore_errors=True)
        (TARGET / "css").mkdir(parents=True)
        (TARGET / "css" / "uswds.min.css").write_text(css)
        for relative in referenced:
            destination = TARGET / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(dist / relative, destination)
        shutil.copy2(Path(tmp) / "package" / "LICENSE.md", TARGET / "LICENSE.md")
        (TARGET / "VERSION").write_text(version + "\n")
    print(
        f"USWDS {version}: stylesheet trimmed from {len(full) // 1024} KB to {len(css) // 1024} KB, "
        f"and {len(referenced)} referenced files in {TARGET.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_VERSION)
