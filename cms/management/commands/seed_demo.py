"""Load the demo data of every app, in pipeline order. Safe to run again.

Each app that has demo data provides ``<app>/demo.py`` with ``seed(stdout) -> None``,
which must be idempotent. They are discovered by name so that cms imports no app to
its right.
"""

import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create the demo community, accounts, courses and tests (idempotent)."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if not config.name.count(".") == 0:
                continue
            if importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
