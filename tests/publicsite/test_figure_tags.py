"""The figure tables' numbers read exactly as the template filter `floatformat` wrote them, in
every language (publicsite/templatetags/figures.py writes them itself, for speed)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from publicsite.templatetags.figures import Numbers

NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**9),
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
    # Days to a decision, say: floats of a few decimals (floatformat gives a tiny one back as it is).
    st.floats(min_value=0, max_value=10**7, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 6)),
)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@given(value=NUMBERS)
def test_counts_and_shares_read_as_floatformat_writes_them(language, value):
    with translation.override(language):
        numbers = Numbers()
        assert numbers.count(value) == floatformat(value, "-1g")
        assert numbers.share(value) == floatformat(value, "-1")


@pytest.mark.parametrize(
    ("value", "count", "share"),
    [
        (1234567, "1,234,567", "1234567"),
        (Decimal("16.70"), "16.7", "16.7"),
        (2.04, "2.0", "2.0"),
        (None, "", ""),
    ],
)
def test_a_few_numbers_in_english(value, count, share):
    with translation.override("en"):
        assert (Numbers().count(value), Numbers().share(value)) == (count, share)
