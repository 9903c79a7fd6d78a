"""ops_admin's demo data (seed_demo): each part of the console adds its own."""

from __future__ import annotations

from typing import Any

from ops_admin import support_demo


def seed(*, demo_user: Any, operator: Any, stdout: Any) -> None:
    support_demo.seed(demo_user=demo_user, operator=operator, stdout=stdout)
