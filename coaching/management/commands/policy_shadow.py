"""Replay a candidate policy version over recent de-identified analysis inputs and report
what would change before anyone activates it.

    manage.py policy_shadow --name slip --version 2 [--days 7] [--limit 500]

Inputs are the tier scores and safety categories that the offline analyzer recorded per
call (``AICallLog`` keeps no text) plus any provider the diaries app registers with
``coaching.shadow.register_source`` — texts are never read here. For each input the current
and the candidate rules are evaluated with the same functions ``journal_analyze`` uses.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from coaching.models import PolicyVersion
from coaching.policies import policy_get
from coaching.shadow import shadow_compare


class Command(BaseCommand):
    help = "Compare a candidate policy version with the active one over recent inputs."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, choices=["ethics", "slip", "tone", "mode"])
        parser.add_argument("--version", type=int, required=True)
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, name, version, days, limit, **options):
        candidate = PolicyVersion.objects.filter(name=name, version=version).first()
        if candidate is None:
            raise CommandError(f"No {name} policy version {version}.")
        current = policy_get(name, None)
        report = shadow_compare(
            name=name,
            current_rules=current.rules if current else {},
            candidate_rules=candidate.rules,
            days=days,
            limit=limit,
        )
        self.stdout.write(
            f"{name}: v{current.version if current else '-'} (active) vs v{version} "
            f"(candidate) over {report['inputs']} inputs from the last {days} days"
        )
        for key, value in report["changes"].items():
            self.stdout.write(f"  {key}: {value}")
        self.stdout.write(f"  changed: {report['changed']} ({report['changed_rate']:.1%})")
