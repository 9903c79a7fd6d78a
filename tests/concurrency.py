"""Run test code on several real database connections at the same moment.

Races (double taps, overlapping beats, webhooks replayed at once) are only proven by letting
PostgreSQL see them: each thread gets its own Django connection, a barrier releases them
together, and every thread closes its connection so the test database can be flushed after.
Use with ``@pytest.mark.django_db(transaction=True)``; close the test's own connection first
(``connections.close_all()``) when the rows the threads need were created in the test.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import connections

Item = TypeVar("Item")
Result = TypeVar("Result")

BARRIER_TIMEOUT_SECONDS = 30


def run_each_in_thread(
    items: Iterable[Item], target: Callable[[Item], Result]
) -> list[Result | Exception]:
    """Call ``target(item)`` for every item, each in its own thread, all released at once.

    Returns, in the order of ``items``, what each call returned or the exception it raised, so
    a test can count winners and refusals.
    """
    items = list(items)
    outcomes: list[Result | Exception | None] = [None] * len(items)
    barrier = threading.Barrier(len(items))

    def worker(index: int, item: Item) -> None:
        try:
            barrier.wait(timeout=BARRIER_TIMEOUT_SECONDS)
            outcomes[index] = target(item)
        except Exception as exc:  # returned to the test, which asserts on it
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(index, item)) for index, item in enumerate(items)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes  # type: ignore[return-value]


def run_in_threads(count: int, target: Callable[[], Result]) -> list[Result | Exception]:
    """Call ``target()`` in ``count`` threads released at once (see ``run_each_in_thread``)."""
    return run_each_in_thread(range(count), lambda _index: target())


def failures(outcomes: Iterable[object]) -> list[Exception]:
    """The exceptions among ``outcomes``."""
    return [outcome for outcome in outcomes if isinstance(outcome, Exception)]
