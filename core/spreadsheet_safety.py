"""Text that a spreadsheet program would run as a formula, made inert in every file we export.

Used by the report exports, the public data CSV and the admin's spreadsheet downloads, so that
a name, a title or a label typed as `=HYPERLINK(...)` opens as text, not as a live formula.
"""

import re

# A cell is read as a formula when it starts with one of these, after any leading whitespace;
# some programs also take the full-width and small forms of the signs for the plain ones.
FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")
# Tab, carriage return and line feed start a formula-injection payload on their own.
CONTROL_STARTS = frozenset("\t\r\n")
# A signed number such as -12 or +3.5 is read as that number, which is harmless.
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _is_formula(text: str) -> bool:
    if PLAIN_NUMBER.fullmatch(text):
        return False
    return text[:1] in CONTROL_STARTS or text.lstrip()[:1] in FORMULA_SIGNS


def defuse_formula(value):
    """The value with a leading apostrophe when a spreadsheet could run it; other values unchanged."""
    if isinstance(value, str) and _is_formula(value):
        return "'" + value
    return value


def restore_defused(value):
    """The value as typed before defuse_formula, so an exported file imports back unchanged."""
    if isinstance(value, str) and value.startswith("'") and _is_formula(value[1:]):
        return value[1:]
    return value
