from django.core.management.base import BaseCommand

from reporting.services import close_overdue_info_requests


class Command(BaseCommand):
    help = "Close reports whose request for more information went unanswered, telling each resident."

    def handle(self, *args, **options):
        closed = close_overdue_info_requests()
        self.stdout.write(f"Closed {closed} report(s) waiting past their deadline.")
