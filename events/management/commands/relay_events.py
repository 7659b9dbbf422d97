"""Deliver pending outbox events now (what Celery beat does every minute)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from events.outbox import relay_pending


class Command(BaseCommand):
    help = "Deliver outbox events that were not delivered after their commit."

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=int,
            default=30,
            help="Only events older than this many seconds (default 30).",
        )

    def handle(self, *args, grace: int, **options):
        delivered = relay_pending(grace=timedelta(seconds=grace))
        self.stdout.write(f"Delivered {delivered} pending event(s).")
