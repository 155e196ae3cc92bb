"""The survey as a form, one field a question, and OPI's batch of links; forms validate only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from surveys.models import Question

COMMENT_MAX_LENGTH = 2000
# The most links one batch makes: a training's participants, with room to spare.
BATCH_MAX = 500


class SurveyForm(forms.Form):
    """Every question of the survey: a scale or yes/partly/no as radios in a fieldset (drawn by
    templates/forms/field.html), the comment as a text box. Scales must be answered, the comment
    may be left empty; the server checks, not the browser, so messages are in the page's language."""

    use_required_attribute = False

    def __init__(self, questions: list[Question], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            if question.is_scored:
                field = forms.TypedChoiceField(
                    label=question.text,
                    choices=question.choices,
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
                    error_messages={"required": _("Please choose an answer.")},
                )
            else:
                field = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=COMMENT_MAX_LENGTH,
                    help_text=_("Optional. City staff read it; it is never published. Leave out names."),
                    widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 4}),
                )
            self.fields[self.field_name(question)] = field

    @staticmethod
    def field_name(question: Question) -> str:
        return f"question_{question.pk}"

    def answers(self) -> dict[int, int | str]:
        """The cleaned answers by question id."""
        return {question.pk: self.cleaned_data[self.field_name(question)] for question in self.questions}


class BatchForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many links"),
        min_value=1,
        max_value=BATCH_MAX,
        help_text=_("One for each person who took part. Each link works once."),
    )
