"""CSV exports never hand a spreadsheet a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from core.csv import csv_rows, csv_safe_cell


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"],
)
def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text(text):
    assert csv_safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Walk 10 minutes", "물 마시기", "", 5, -3, 1.5, None])
def test_ordinary_cells_and_numbers_are_unchanged(value):
    assert csv_safe_cell(value) == value


def test_rows_are_neutralised_and_start_with_a_bom():
    text = "".join(csv_rows(["name"], [["=cmd|' /C calc'!A0"], ["ok"]]))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["name"], ["'=cmd|' /C calc'!A0"], ["ok"]]


@pytest.mark.django_db
def test_the_habits_csv_export_neutralises_a_formula_in_a_habit_name(client, alice):
    from habits import services

    habit = services.habit_create(user=alice, name='=HYPERLINK("http://evil.example","x")')
    services.habit_check_in(habit=habit, note="@SUM(1)")
    client.force_login(alice)

    response = client.get(reverse("habits:export_habits"))
    body = b"".join(response.streaming_content).decode().lstrip("\ufeff")

    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["habit"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0]["note"] == "'@SUM(1)"
