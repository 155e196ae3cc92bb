"""The project's form renderer: Django's widgets, each field drawn as a USWDS form group by
templates/forms/field.html through `{{ field.as_field_group }}`."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"
