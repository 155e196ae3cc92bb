from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Resident reports")

    def ready(self):
        from reporting.addresses import check_geocoder
        from reporting.views import refuse_survey_flood
        from surveys import limits

        check_geocoder()
        # The survey pages count their requests as the other public forms do (surveys.limits).
        limits.use(refuse_survey_flood)
