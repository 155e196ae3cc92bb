"""Every stylesheet of ours is plain, well-formed CSS: each block closed where it was meant to be,
and no rule inside another.

A lost closing brace does not make a stylesheet unreadable: browsers read the rules after it as
CSS nesting, each under the unclosed selector, so they match nothing and the page quietly loses
them (the resident's review page once showed its "Leave this empty" trap field that way). So
the check is stricter than a parse: we write no nested rules, and a block the parser had to close
at the end of the file was left open.
"""

from pathlib import Path

import pytest
import tinycss2

ROOT = Path(__file__).resolve().parent.parent
# Ours: the project's static folder and each app's; not the vendored USWDS files.
STYLESHEETS = sorted(
    path
    for path in [*ROOT.glob("static/**/*.css"), *ROOT.glob("*/static/**/*.css")]
    if "vendor" not in path.relative_to(ROOT).parts
)
# At-rules whose block holds rules; any other at-rule (@font-face, @page) holds declarations.
RULE_BLOCKS = {"media", "supports", "layer", "container"}


def problems(css: str) -> list[str]:
    """What is wrong with a stylesheet, each with its line."""
    found = []
    if tinycss2.serialize(tinycss2.parse_component_value_list(css)) != css:
        found.append("a block is never closed: the file ends inside it")
    found += _rule_problems(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return found


def _rule_problems(rules) -> list[str]:
    found = []
    for rule in rules:
        if rule.type == "error":
            found.append(f"line {rule.source_line}: {rule.message}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in RULE_BLOCKS:
            found += _rule_problems(tinycss2.parse_rule_list(rule.content or [], True, True))
        elif rule.content is not None:
            found += _declaration_problems(rule)
    return found


def _declaration_problems(rule) -> list[str]:
    selector = tinycss2.serialize(rule.prelude).strip()
    found = []
    for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
        if item.type == "error":
            found.append(f"line {item.source_line}: {item.message}")
        elif item.type != "declaration":
            nested = tinycss2.serialize(getattr(item, "prelude", [])).strip()
            found.append(f"line {item.source_line}: {nested} is nested in {selector}: a lost closing brace?")
    return found


def test_every_stylesheet_of_ours_is_found():
    names = {path.relative_to(ROOT).as_posix() for path in STYLESHEETS}

    assert {"static/css/site.css", "static/css/print.css", "reporting/static/reporting/admin.css"} <= names


@pytest.mark.parametrize("path", STYLESHEETS, ids=[path.relative_to(ROOT).as_posix() for path in STYLESHEETS])
def test_a_stylesheet_closes_every_block_and_nests_no_rule(path):
    assert problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "css",
    [
        ".a { color: red;\n\n.b { color: blue; }\n",
        ".a { color: red;\n",
        "@media print { .a { display: none; }\n",
        "@media print { .a { display: none; .b { color: red; } } }\n",
        ".a { color: red; }\n}\n",
    ],
)
def test_the_check_finds_a_lost_or_stray_brace(css):
    assert problems(css) != []


def test_the_check_passes_plain_css():
    css = "/* a comment */\n.a, .b > c { color: red; }\n@media print { .a { display: none !important; } }\n"

    assert problems(css) == []
