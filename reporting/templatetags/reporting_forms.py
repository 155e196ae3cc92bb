"""A resident form's field as a USWDS form group: label or legend, hint, errors and input.

Written in Python rather than as an included template: the form pages draw some thirty fields per
report, and an include per field (with its widget templates) was the larger part of their cost.
The markup follows USWDS; ids follow Django's (`id_<name>`, `_helptext`, `_error`, `_<n>` for
each radio), which is what the inputs' `aria-describedby` points at.
"""

from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

register = template.Library()

RADIO = (
    '<div class="usa-radio"><input type="radio" class="usa-radio__input" name="{name}" value="{value}" '
    'id="{id}"{checked}><label class="usa-radio__label" for="{id}">{label}</label></div>'
)
UNCHECKED = RADIO.replace("{checked}", "")
CHECKED = RADIO.replace("{checked}", " checked")
OPTION = '<option value="{}">{}</option>'
SELECTED_OPTION = '<option value="{}" selected>{}</option>'


@register.simple_tag
def form_field(field):
    errors = format_html_join(
        "\n",
        '<span class="usa-error-message" id="{}_error">{}</span>',
        ((field.auto_id, e) for e in field.errors),
    )
    group = "usa-form-group usa-form-group--error" if field.errors else "usa-form-group"
    hint = (
        format_html('<div class="usa-hint" id="{}_helptext">{}</div>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    if field.widget_type == "radioselect":
        return _radio_group(field, group, hint, errors)
    if field.widget_type == "checkbox":
        return format_html(
            '<div class="{}">{}<div class="usa-checkbox">{}'
            '<label class="usa-checkbox__label" for="{}">{}</label></div></div>',
            group,
            errors,
            field,
            field.id_for_label,
            field.label,
        )
    label_class = "usa-label usa-label--error" if field.errors else "usa-label"
    control = _select(field) if field.widget_type == "select" else field
    return format_html(
        '<div class="{}">\n<label class="{}" for="{}">{}</label>\n{}{}\n{}\n</div>',
        group,
        label_class,
        field.id_for_label,
        field.label,
        hint,
        errors,
        control,
    )


def _radio_group(field, group, hint, errors):
    """Radios in a fieldset, which carries the description; options written directly, as iterating
    a bound field's subwidgets deep-copies attributes and renders a template per option."""
    described_by = [f"{field.auto_id}_helptext"] if field.help_text else []
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    selected = _selected(field)
    options = format_html_join(
        "\n",
        "{}",
        (
            (
                format_html(
                    CHECKED if str(choice) == selected else UNCHECKED,
                    name=field.html_name,
                    value=choice,
                    id=f"{field.auto_id}_{index}",
                    label=label,
                ),
            )
            for index, (choice, label) in enumerate(field.field.choices)
        ),
    )
    return format_html(
        '<div class="{}">\n<fieldset class="usa-fieldset"{}>\n'
        '<legend class="usa-legend" id="{}">{}</legend>\n{}{}\n{}\n</fieldset>\n</div>',
        group,
        format_html(' aria-describedby="{}"', " ".join(described_by)) if described_by else "",
        field.auto_id,
        field.label,
        hint,
        errors,
        options,
    )


def _select(field):
    """A select box with the attributes Django would give it, its options written directly for the
    same reason as the radios."""
    attrs = field.build_widget_attrs({**field.field.widget.attrs, "id": field.auto_id})
    selected = _selected(field)
    options = format_html_join(
        "",
        "{}",
        (
            (format_html(SELECTED_OPTION if str(choice) == selected else OPTION, choice, label),)
            for choice, label in field.field.choices
        ),
    )
    return format_html('<select name="{}"{}>{}</select>', field.html_name, flatatt(attrs), options)


def _selected(field) -> str:
    """The chosen value as the choices spell it, or "" when nothing is chosen."""
    value = field.value()
    return "" if value is None else str(value)
