from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core import ratelimit
from surveys import services
from surveys.forms import SurveyForm


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token):
    """A survey's single-use link: the questions, in the page's language; sending them spends it.
    Opening it spends nothing, so a mail scanner following the link leaves it usable."""
    if not ratelimit.allow(request, "survey"):
        return ratelimit.too_many_requests(request, "survey")
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, "surveys/unusable.html", status=410)
    survey = invitation.survey
    form = SurveyForm(list(survey.questions.all()), request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.answer(token, form.answers(), get_language())
        except services.InvitationUnusable:
            return render(request, "surveys/unusable.html", status=410)
        return redirect("surveys:thanks")
    status = 400 if form.is_bound else 200
    return render(request, "surveys/answer.html", {"survey": survey, "form": form}, status=status)


@require_safe
def thanks(request):
    return render(request, "surveys/thanks.html")
