"""Shared body of import_roster / import_appraisals / import_qualifications."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from incentives import imports, services


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8 or GB18030) or XLSX file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check every row and report errors; change nothing",
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 / file not found: {file}")
        try:
            preview = services.import_preview(
                kind=self.kind,
                data=path.read_bytes(),
                filename=path.name,
                today=timezone.localdate(),
            )
        except imports.FileRefused as exc:
            raise CommandError(str(exc)) from None
        for error in preview.errors:
            self.stderr.write(str(error))
        if preview.errors:
            raise CommandError(
                f"{len(preview.errors)} 处错误，未导入任何内容 / "
                f"{len(preview.errors)} error(s); nothing was applied"
            )
        self.stdout.write(
            f"{len(preview.rows)} 行无误（编码 {preview.encoding}） / "
            f"{len(preview.rows)} row(s) OK (encoding {preview.encoding})"
        )
        if dry_run:
            self.stdout.write("试运行，未作更改 / dry run: nothing changed")
            return
        counts = services.import_apply(preview=preview, actor=None)
        self.stdout.write(
            "新增 {created}，更新 {updated}，未变 {unchanged} / "
            "created {created}, updated {updated}, unchanged {unchanged}".format(
                **counts
            )
        )
