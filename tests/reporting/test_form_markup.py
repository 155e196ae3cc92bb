"""How the resident forms are written: each field is a USWDS form group, drawn by the project's
form renderer, whose hint and errors are tied to the input, and what the resident typed is escaped."""

from reporting import forms

# Quotes, markup and ampersands.
TRICKY = "\"><script>alert(1)</script> & Sons 'quoted'"


def test_typed_markup_is_escaped():
    form = forms.AboutYouForm({"full_name": TRICKY})

    html = str(form["full_name"])

    assert "<script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons &#x27;quoted&#x27;"' in html


def test_a_question_with_choices_is_a_fieldset_described_by_its_error():
    form = forms.WhatHappenedForm({"kind": ""})
    form.is_valid()

    html = form["kind"].as_field_group()

    assert '<div class="usa-form-group usa-form-group--error">' in html
    assert '<fieldset class="usa-fieldset" aria-describedby="id_kind_error">' in html
    assert '<legend class="usa-legend" id="id_kind">What happened?</legend>' in html
    assert '<span class="usa-error-message" id="id_kind_error">Please answer this question.</span>' in html
    assert html.count('type="radio"') == 3
    assert 'value="theft" id="id_kind_0">' in html


def test_a_chosen_answer_stays_chosen():
    html = forms.WhatHappenedForm({"kind": "damage", "place_type": "park"})["kind"].as_field_group()

    assert 'value="damage" id="id_kind_1" checked>' in html
    assert 'value="theft" id="id_kind_0">' in html


def test_a_text_field_has_its_label_hint_and_error_tied_to_the_input():
    form = forms.WhatHappenedForm({"address": ""})
    form.is_valid()

    html = form["address"].as_field_group()

    assert '<label class="usa-label usa-label--error" for="id_address">' in html
    assert '<div class="usa-hint" id="id_address_helptext">' in html
    assert '<span class="usa-error-message" id="id_address_error">' in html
    assert 'aria-describedby="id_address_helptext id_address_error"' in html
    assert 'aria-invalid="true"' in html


def test_a_list_keeps_the_choice_and_an_acknowledgement_is_a_labelled_checkbox():
    select = forms.WhatHappenedForm({"place_type": "park"})["place_type"].as_field_group()
    checkbox = forms.ReviewForm({"acknowledge": "on"})["acknowledge"].as_field_group()

    assert '<select name="place_type" class="usa-select" id="id_place_type">' in select
    assert '<option value="park" selected>' in select
    assert (
        '<input type="checkbox" name="acknowledge" class="usa-checkbox__input" id="id_acknowledge" checked>'
        in (checkbox)
    )
    assert '<label class="usa-checkbox__label" for="id_acknowledge">' in checkbox
