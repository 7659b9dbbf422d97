import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cms import csv_export
from incentives.services import evaluate_batch


class Command(BaseCommand):
    help = (
        "Evaluate every staff member on a date: one row per person and rule with "
        "employee_no, rule, eligible, outcome and reasons. Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--policy", help="policy name (default: all in effect)")
        parser.add_argument("--language", choices=["zh-hans", "en"], default="zh-hans")

    def handle(self, *args, as_of, format, policy, language, **options):
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise CommandError(
                f"日期格式应为 YYYY-MM-DD / --as-of must be YYYY-MM-DD: {as_of}"
            ) from None
        batches = evaluate_batch(as_of=day, policy_name=policy)
        if policy and not batches:
            raise CommandError(
                f"没有在 {day} 生效的政策“{policy}” / no policy “{policy}” in effect"
            )
        rows = []
        for policy_obj, evaluations, users in batches:
            for user in users:
                for result in evaluations[user.pk].results:
                    rows.append(
                        {
                            "employee_no": user.employee_number,
                            "policy": f"{policy_obj.name} v{policy_obj.version}",
                            "rule": result.rule.code,
                            "eligible": result.eligible,
                            "outcome": result.outcome.summary.get(language)
                            if result.outcome
                            else "",
                            "reasons": [t.get(language) for t in result.reasons],
                        }
                    )
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        writer = csv_export.writer(self.stdout)
        writer.writerow(
            ["employee_no", "policy", "rule", "eligible", "outcome", "reasons"]
        )
        for row in rows:
            writer.writerow(
                [
                    row["employee_no"],
                    row["policy"],
                    row["rule"],
                    "true" if row["eligible"] else "false",
                    row["outcome"],
                    "; ".join(row["reasons"]),
                ]
            )
