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


@register.simple_tag
def radio_options(field):
    """A choice field's radio inputs in USWDS markup, with Django's ids (`id_<name>_<n>`).

    Written directly: iterating a bound field's subwidgets deep-copies attributes and renders a
    template per option, which made the form pages several times dearer than the rest.
    """
    value = field.value()
    selected = "" if value is None else str(value)
    return format_html_join(
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


OPTION = '<option value="{}">{}</option>'
SELECTED_OPTION = '<option value="{}" selected>{}</option>'


@register.simple_tag
def select_input(field):
    """A select box with the attributes Django would give it, its options written directly for the
    same reason as `radio_options`."""
    attrs = field.build_widget_attrs({**field.field.widget.attrs, "id": field.auto_id})
    value = field.value()
    selected = "" if value is None else str(value)
    options = format_html_join(
        "",
        "{}",
        (
            (format_html(SELECTED_OPTION if str(choice) == selected else OPTION, choice, label),)
            for choice, label in field.field.choices
        ),
    )
    return format_html('<select name="{}"{}>{}</select>', field.html_name, flatatt(attrs), options)
