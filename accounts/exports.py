"""The data-export and erasure registries.

Each app registers, in its ``AppConfig.ready()``:

* ``register_exporter("habits", habits_for_user)``: ``exporter(user)`` returns JSON-serialisable
  data about that user only; it becomes ``habits.json`` in the user's export ZIP.
* ``register_anonymiser("diaries", erase_diaries, models=["diaries.Entry", ...])``:
  ``anonymiser(user)`` removes or de-identifies that app's personal data when a resigned
  account is anonymised. It must be safe to run twice. Records the law requires to keep
  (payments) stay, de-identified. ``models`` names (``app_label.ModelName``) every model holding
  a user's data that the anonymiser takes care of, so a test can prove none is forgotten.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User

Exporter = Callable[["User"], object]
Anonymiser = Callable[["User"], None]

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,48}$")
_exporters: dict[str, Exporter] = {}
_anonymisers: dict[str, Anonymiser] = {}
_covered_models: dict[str, frozenset[str]] = {}


def _register(registry: dict, kind: str, name: str, func: Callable) -> None:
    if not _NAME.match(name):
        raise ValueError(f"{kind} name {name!r} must be lower-case letters, digits, - or _")
    if not callable(func):
        raise TypeError(f"{kind} {name!r} is not callable")
    current = registry.get(name)
    same = current is not None and (
        current is func
        or (
            getattr(current, "__module__", None) == getattr(func, "__module__", None)
            and getattr(current, "__qualname__", None) == getattr(func, "__qualname__", None)
            and "<" not in getattr(func, "__qualname__", "<")  # lambdas and locals are not one
        )
    )
    if current is not None and not same:
        raise ValueError(f"{kind} {name!r} is already registered by {current!r}")
    registry[name] = func


def register_exporter(name: str, exporter: Exporter) -> None:
    """Add ``<name>.json`` to every user's export, built by ``exporter(user)``."""
    _register(_exporters, "exporter", name, exporter)


def register_anonymiser(name: str, anonymiser: Anonymiser, *, models: Iterable[str] = ()) -> None:
    """Run ``anonymiser(user)`` when a resigned account is anonymised.

    ``models`` lists the ``app_label.ModelName`` of each model whose user data it erases.
    """
    _register(_anonymisers, "anonymiser", name, anonymiser)
    _covered_models[name] = frozenset(models)


def unregister_exporter(name: str) -> None:
    _exporters.pop(name, None)


def unregister_anonymiser(name: str) -> None:
    _anonymisers.pop(name, None)
    _covered_models.pop(name, None)


def exporters() -> dict[str, Exporter]:
    return dict(sorted(_exporters.items()))


def anonymisers() -> dict[str, Anonymiser]:
    return dict(sorted(_anonymisers.items()))


def anonymised_models() -> frozenset[str]:
    """Every ``app_label.ModelName`` some registered anonymiser declares it erases."""
    return frozenset().union(*_covered_models.values())
