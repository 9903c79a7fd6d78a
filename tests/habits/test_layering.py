"""Habits' page and API views call services and selectors: they hold no ORM queries."""

import re
from pathlib import Path

import pytest

HABITS = Path(__file__).resolve().parents[2] / "habits"
VIEW_MODULES = sorted([*HABITS.glob("views/*.py"), *HABITS.glob("api/views/*.py")])
# ``Model.objects.none()`` only tells the schema generator the model; it runs no query.
QUERY = re.compile(
    r"\.objects\.(?!none\(\))|get_object_or_404|\.select_related\(|\.prefetch_related\("
    r"|\.filter\(|\.exclude\(|\.annotate\("
)


@pytest.mark.parametrize("module", VIEW_MODULES, ids=lambda path: path.name)
def test_views_read_through_selectors_only(module):
    offending = [
        f"{module.name}:{number}: {line.strip()}"
        for number, line in enumerate(module.read_text().splitlines(), 1)
        if QUERY.search(line)
    ]
    assert not offending, "\n".join(offending)


def test_the_api_views_are_split_by_subdomain():
    modules = {path.stem for path in HABITS.glob("api/views/*.py")}
    assert {"habits", "logs", "workouts", "metrics", "dashboard", "catalogue"} <= modules
    assert all(len(path.read_text().splitlines()) < 400 for path in HABITS.glob("api/views/*.py"))
