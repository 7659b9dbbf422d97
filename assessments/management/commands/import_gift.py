"""manage.py import_gift FILE --category PATH [--dry-run] [--partial]

All or nothing by default: if any question has a problem, every problem is printed
with its line number and nothing is imported. --partial imports the good questions
and reports the bad ones. --dry-run checks and reports without writing.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from assessments import services


class Command(BaseCommand):
    help = "Import questions from a GIFT (Moodle) file into the question bank."

    def add_arguments(self, parser):
        parser.add_argument("file", help="GIFT file (UTF-8)")
        parser.add_argument(
            "--category", required=True, help="category path, e.g. 数字技能/防诈骗"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check only; write nothing"
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="import the good questions even if some have problems",
        )

    def handle(self, *args, file, category, dry_run, partial, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            check = services.gift_check(
                text=text, category_path=category, max_bytes=None
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        specs, problems = check.specs, check.problems
        for p in problems:
            self.stderr.write(f"{path}:{p.line}: {p.message_en} / {p.message_zh}")
        if problems and not partial:
            raise CommandError(
                f"{len(problems)} problem(s) found; nothing imported "
                "(use --partial to import the good questions)."
            )
        if dry_run:
            self.stdout.write(
                f"Dry run: {len(specs)} question(s) would be imported into {category}; "
                f"{len(problems)} problem(s)."
            )
            return
        result = services.gift_import(
            text=text, category_path=category, partial=partial
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.created} question(s) into {category}; "
                f"{result.skipped} already there; {len(result.problems)} problem(s)."
            )
        )
