from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from core.demo import DemoCommand
from reporting.demo import REPORT_TAKER, load_demo_reports


class Command(DemoCommand):
    help = (
        "Load reports from made-up residents in several states, worked by the demo report taker "
        "(run load_demo_staff first; idempotent; refuses to run unless DEBUG is on)."
    )

    def load(self):
        if not get_user_model().objects.filter(username=REPORT_TAKER).exists():
            raise CommandError("The demo reports are worked by the demo staff: run load_demo_staff first.")
        self.stdout.write(f"Demo resident reports (from made-up residents): {load_demo_reports()}\n")
