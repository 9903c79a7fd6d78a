"""Read what Celery put on the real broker (the embedded Redis), as a worker would."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from config.celery_app import app


@dataclass(frozen=True)
class QueuedTask:
    id: str
    name: str
    args: list
    kwargs: dict


def purge() -> None:
    """Drop whatever earlier tests left on the default queue."""
    with app.connection_for_write() as connection:
        app.control.purge(connection=connection)


def drain(queue: str = "celery") -> list[QueuedTask]:
    """Take every message off ``queue`` (acknowledged) and return them, oldest first."""
    tasks = []
    with app.connection_for_read() as connection:
        simple = connection.SimpleQueue(queue)
        try:
            while True:
                try:
                    message = simple.get(block=False)
                except simple.Empty:
                    break
                args, kwargs, _embed = message.decode()
                headers = message.headers
                tasks.append(QueuedTask(headers["id"], headers["task"], args, kwargs))
                message.ack()
        finally:
            simple.close()
    return tasks


@contextmanager
def broker_down():
    """Point the Celery app at a socket nobody listens on (Redis unavailable), then back."""
    url = app.conf.broker_url
    app.conf.broker_url = "redis+socket:///nonexistent/haru-broker-down.sock"
    _reset_pools()
    try:
        yield
    finally:
        app.conf.broker_url = url
        _reset_pools()


def _reset_pools() -> None:
    app._pool = None
    app.amqp._producer_pool = None
