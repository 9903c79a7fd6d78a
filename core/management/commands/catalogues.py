"""Rebuild every Korean catalogue, idempotently, one per app (``make messages``).

Layout: each Haru app keeps its templates in ``<app>/templates/<app>/`` and its catalogue in
``<app>/locale/ko/LC_MESSAGES/django.po``; the project catalogue ``locale/`` holds what belongs
to no app (``config/`` and the root ``templates/``: base page, error pages, allauth overrides).
``makemessages`` sends each source file to the nearest enclosing ``locale/`` directory, so this
command only has to make sure every local app has one (a new app needs no edit here).

The output is stable: no source locations (a moved line is not a change), no obsolete entries,
and no ``POT-Creation-Date`` header (it would change on every run). Running it twice, or on a
clean checkout, changes nothing.

``--check`` rebuilds, reports which catalogues would change and every untranslated or fuzzy
Korean entry, restores the files as they were, and exits non-zero if there was anything.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from contextlib import chdir
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

LANGUAGES = ("ko",)
# Not source of the product: tests, benchmarks, runtime data, the virtualenv, collected static.
IGNORE = ("tests", "bench", "var", ".venv", "staticfiles", "node_modules", "static")
_POT_DATE = re.compile(r'^"POT-Creation-Date: [^"]*\\n"\n', re.MULTILINE)
_NEW_HEADER = (
    ("#, fuzzy\n", ""),
    ('"Project-Id-Version: PACKAGE VERSION\\n"', '"Project-Id-Version: Haru\\n"'),
    ('"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"', '"Last-Translator: Haru team\\n"'),
    ('"Language-Team: LANGUAGE <LL@li.org>\\n"', '"Language-Team: Korean\\n"'),
    ('"Language: \\n"', '"Language: {lang}\\n"'),
)
_STATS = re.compile(r"(\d+) (translated|fuzzy|untranslated)")


def local_app_dirs() -> list[Path]:
    """Installed apps whose code lives in this repository (not in the virtualenv)."""
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and not path.is_relative_to(base / ".venv"):
            found.append(path)
    return sorted(found)


def catalogue_files(base: Path) -> list[Path]:
    """Every .po/.mo file makemessages/compilemessages manage (app and project catalogues)."""
    paths = [Path(p) for p in settings.LOCALE_PATHS] + [d / "locale" for d in local_app_dirs()]
    files: set[Path] = set()
    for locale_dir in paths:
        for lang in LANGUAGES:
            folder = locale_dir / lang / "LC_MESSAGES"
            files.update(folder.glob("django.po"))
            files.update(folder.glob("django.mo"))
    return sorted(files)


def catalogue_problems(po_file: Path) -> tuple[int, int, list[str]]:
    """(untranslated, fuzzy, the msgids concerned) for one catalogue, by gettext's own tools."""
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        ["msgfmt", "--statistics", "-o", os.devnull, str(po_file)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    counts = {kind: int(n) for n, kind in _STATS.findall(result.stderr)}
    untranslated, fuzzy = counts.get("untranslated", 0), counts.get("fuzzy", 0)
    msgids: list[str] = []
    if untranslated or fuzzy:
        listing = ""
        for flag in ("--untranslated", "--only-fuzzy"):
            listing += subprocess.run(  # noqa: S603
                ["msgattrib", "--no-wrap", flag, str(po_file)],  # noqa: S607
                capture_output=True,
                text=True,
                check=False,
            ).stdout
        seen = set()
        for line in listing.splitlines():
            if line.startswith('msgid "') and line != 'msgid ""' and line not in seen:
                seen.add(line)
                msgids.append(line[6:])
    return untranslated, fuzzy, msgids


class Command(BaseCommand):
    help = "Rebuild each app's Korean catalogue and the project catalogue, then compile them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail if rebuilding would change a catalogue or a Korean entry is "
            "untranslated or fuzzy; leaves the files as they were.",
        )

    def handle(self, *args, check: bool, **options):
        if not shutil.which("msgfmt"):
            raise CommandError("GNU gettext is needed (apt-get install gettext).")
        base = Path(settings.BASE_DIR).resolve()
        before = {path: path.read_bytes() for path in catalogue_files(base)}
        try:
            self.build(base)
            after = {path: path.read_bytes() for path in catalogue_files(base)}
            changed = sorted(
                path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
            )
            if check:
                self.report(base, changed, after)
        finally:
            if check:
                self.restore(base, before)

    def build(self, base: Path) -> None:
        for app_dir in local_app_dirs():
            (app_dir / "locale").mkdir(exist_ok=True)
        with chdir(base):
            call_command(
                "makemessages",
                locale=list(LANGUAGES),
                no_location=True,
                no_obsolete=True,
                ignore_patterns=list(IGNORE),
                verbosity=0,
            )
        for po_file in (p for p in catalogue_files(base) if p.suffix == ".po"):
            text = po_file.read_text(encoding="utf-8")
            stable = _POT_DATE.sub("", text)
            header, _, entries = stable.partition("\n\n")
            if "#, fuzzy\n" in header:  # a catalogue makemessages just created: fill its header
                lang = po_file.parent.parent.name
                for old, new in _NEW_HEADER:
                    header = header.replace(old, new.format(lang=lang))
                stable = f"{header}\n\n{entries}"
            if stable != text:
                po_file.write_text(stable, encoding="utf-8")
        for po_file in (p for p in catalogue_files(base) if p.suffix == ".po"):
            # compilemessages skips a .mo newer than its .po; msgfmt is cheap and deterministic.
            subprocess.run(  # noqa: S603
                ["msgfmt", "--check-format", "-o", str(po_file.with_suffix(".mo")), str(po_file)],  # noqa: S607
                check=True,
            )

    def report(self, base: Path, changed: list[Path], after: dict[Path, bytes]) -> None:
        problems = []
        for path in changed:
            problems.append(f"{path.relative_to(base)}: `make messages` would change it")
        for po_file in (p for p in after if p.suffix == ".po"):
            untranslated, fuzzy, msgids = catalogue_problems(po_file)
            if untranslated or fuzzy:
                problems.append(
                    f"{po_file.relative_to(base)}: {untranslated} untranslated, {fuzzy} fuzzy: "
                    + ", ".join(msgids[:20])
                    + (" …" if len(msgids) > 20 else "")
                )
        if problems:
            raise CommandError("Translation catalogues are not ready:\n  " + "\n  ".join(problems))
        self.stdout.write("Catalogues are up to date and fully translated.")

    def restore(self, base: Path, before: dict[Path, bytes]) -> None:
        for path in catalogue_files(base):
            if path not in before:
                path.unlink()
        for path, content in before.items():
            if not path.exists() or path.read_bytes() != content:
                path.write_bytes(content)
