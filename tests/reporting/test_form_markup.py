"""How the resident forms are written. Their renderer writes plain inputs itself, and what it writes
must not differ by one character from what Django's widget templates write, whatever the resident
typed; each field is a USWDS form group whose hint and errors are tied to the input."""

import pytest
from django.forms import formset_factory
from django.forms.renderers import DjangoTemplates

from reporting import forms
from reporting.templatetags.reporting_forms import form_field

RESIDENT_FORMS = [
    forms.ScreeningForm,
    forms.WhatHappenedForm,
    forms.ItemForm,
    forms.FilesForm,
    forms.AboutYouForm,
    forms.QuestionsForm,
    forms.ReviewForm,
    forms.LookupForm,
    forms.AnswerForm,
    forms.SupplementForm,
    forms.WithdrawForm,
]
# Quotes, markup and ampersands, in every field and the item rows' names.
TRICKY = "\"><script>alert(1)</script> & Sons 'quoted'"


def typed_everywhere(form_class) -> dict:
    data = dict.fromkeys(form_class.base_fields, TRICKY)
    data.update({"quantity": "3", "value": "12.50", "acknowledge": "on", "occurred_from": "2026-01-02"})
    return data


def rendered_fields(form) -> list[str]:
    return [str(field) for field in form]


@pytest.mark.parametrize("form_class", RESIDENT_FORMS, ids=lambda form_class: form_class.__name__)
@pytest.mark.parametrize("state", ["blank", "typed", "with errors"])
def test_every_field_is_written_as_django_would(form_class, state):
    data = None if state == "blank" else typed_everywhere(form_class)
    if state == "with errors":
        data = dict.fromkeys(form_class.base_fields, "")

    ours = form_class(data)
    djangos = form_class(data, renderer=DjangoTemplates())
    if data is not None:
        ours.is_valid()
        djangos.is_valid()

    assert rendered_fields(ours) == rendered_fields(djangos)


def test_item_rows_and_their_hidden_counters_are_written_as_django_would():
    data = {"items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-0-description": TRICKY}
    djangos_formset = formset_factory(
        forms.ItemForm, formset=forms.BaseItemFormSet, extra=0, renderer=DjangoTemplates()
    )

    ours, djangos = forms.ItemFormSet(data, prefix="items"), djangos_formset(data, prefix="items")
    ours.is_valid()
    djangos.is_valid()

    assert ours.forms[0].renderer is forms.RENDERER
    assert str(ours.management_form) == str(djangos.management_form)
    assert rendered_fields(ours.forms[0]) == rendered_fields(djangos.forms[0])


def test_typed_markup_is_escaped():
    form = forms.AboutYouForm({"full_name": TRICKY})

    html = str(form["full_name"])

    assert "<script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons &#x27;quoted&#x27;"' in html


def test_a_question_with_choices_is_a_fieldset_described_by_its_error():
    form = forms.WhatHappenedForm({"kind": ""})
    form.is_valid()

    html = form_field(form["kind"])

    assert '<div class="usa-form-group usa-form-group--error">' in html
    assert '<fieldset class="usa-fieldset" aria-describedby="id_kind_error">' in html
    assert '<legend class="usa-legend" id="id_kind">What happened?</legend>' in html
    assert '<span class="usa-error-message" id="id_kind_error">Please answer this question.</span>' in html
    assert html.count('type="radio"') == 3
    assert 'value="theft" id="id_kind_0">' in html


def test_a_chosen_answer_stays_chosen():
    html = form_field(forms.WhatHappenedForm({"kind": "damage", "place_type": "park"})["kind"])

    assert 'value="damage" id="id_kind_1" checked>' in html
    assert 'value="theft" id="id_kind_0">' in html


def test_a_text_field_has_its_label_hint_and_error_tied_to_the_input():
    form = forms.WhatHappenedForm({"address": ""})
    form.is_valid()

    html = form_field(form["address"])

    assert '<label class="usa-label usa-label--error" for="id_address">' in html
    assert '<div class="usa-hint" id="id_address_helptext">' in html
    assert '<span class="usa-error-message" id="id_address_error">' in html
    assert 'aria-describedby="id_address_helptext id_address_error"' in html
    assert 'aria-invalid="true"' in html


def test_a_list_keeps_the_choice_and_an_acknowledgement_is_a_labelled_checkbox():
    select = form_field(forms.WhatHappenedForm({"place_type": "park"})["place_type"])
    checkbox = form_field(forms.ReviewForm({"acknowledge": "on"})["acknowledge"])

    assert '<select name="place_type" class="usa-select" id="id_place_type">' in select
    assert '<option value="park" selected>' in select
    assert (
        '<input type="checkbox" name="acknowledge" class="usa-checkbox__input" id="id_acknowledge" checked>'
        in (checkbox)
    )
    assert '<label class="usa-checkbox__label" for="id_acknowledge">' in checkbox
