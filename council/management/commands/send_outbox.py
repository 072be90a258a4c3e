from django.core.management.base import BaseCommand

from council import mail


class Command(BaseCommand):
    help = "Ask the worker to send every e-mail in the outbox that is due."

    def handle(self, *args, **options):
        count = mail.request_due()
        self.stdout.write(f"{count} e-mail(s) handed to the worker.")
