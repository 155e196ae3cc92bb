from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    name = "background"
    verbose_name = _("Background tasks")

    def ready(self):
        from django_tasks.signals import task_finished

        from background.retries import retry_later

        task_finished.connect(retry_later, dispatch_uid="background.retry_later")
