import pytest

from core.spreadsheet_safety import defuse_formula, restore_defused

FORMULAS = [
    "=HYPERLINK(1)",
    "+1+cmd",
    "-2+3",
    "@SUM(A1)",
    " =HYPERLINK(1)",
    "\u3000=HYPERLINK(1)",
    "\tanything",
    "\ranything",
    "\nanything",
    "\uff1dHYPERLINK(1)",
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert defuse_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Black", " leading space", "-12", "+3.5", "", 17, None, "a=b"])
def test_ordinary_text_and_numbers_are_left_as_they_are(value):
    assert defuse_formula(value) == value


@pytest.mark.parametrize("text", [*FORMULAS, "'quoted", "plain"])
def test_a_defused_cell_reads_back_as_it_was_typed(text):
    assert restore_defused(defuse_formula(text)) == text
