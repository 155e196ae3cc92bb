"""Made-up data for local development: each app loads its own (`make run` runs them in order,
staff first), and every one refuses to run outside development."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class DemoCommand(BaseCommand):
    """A command that loads an app's demo data, refused unless DEBUG is on."""

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only: set DJANGO_DEBUG=true to load it.")
        self.load()

    def load(self) -> None:
        raise NotImplementedError
