from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from incentives.policy_schema import PolicyError
from incentives.services import policy_load


class Command(BaseCommand):
    help = "Load a versioned incentive policy from a YAML or JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 / file not found: {file}")
        try:
            policy, created = policy_load(
                text=path.read_text(encoding="utf-8-sig"), filename=path.name
            )
        except PolicyError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        verb = "已载入 / loaded" if created else "已是最新 / already loaded"
        self.stdout.write(f"{verb}: {policy} ({policy.rules.count()} rules)")
