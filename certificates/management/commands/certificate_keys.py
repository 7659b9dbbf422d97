"""Manage the Ed25519 keys that sign Open Badges 3.0 credentials (kept outside the DB).

``manage.py certificate_keys show``: the public JWK set (as /certificates/ob/jwks.json).
``manage.py certificate_keys rotate``: add a signing key; old public keys stay.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from certificates import keys


class Command(BaseCommand):
    help = "Show or rotate the certificate signing keys (Open Badges 3.0)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["show", "rotate"])

    def handle(self, *args, action, **options):
        if action == "rotate":
            try:
                kid = keys.rotate()
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.SUCCESS(f"New signing key: {kid}"))
        self.stdout.write(json.dumps(keys.public_jwks(), indent=1))
