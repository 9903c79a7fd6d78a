"""A bounded HTTP load generator: a pool of client threads with keep-alive connections to one
loopback address. Every scenario stops after ``requests`` requests or ``duration`` seconds."""

from __future__ import annotations

import http.client
import math
import random
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Request:
    method: str
    path: str
    session: dict
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    statuses: dict[int, int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        rank = math.ceil(q / 100 * len(ordered))  # nearest-rank percentile
        index = min(len(ordered) - 1, max(0, rank - 1))
        return ordered[index]

    def merged(self, other: Result) -> Result:
        """This result and another round of the same scenario, as one."""
        statuses = dict(self.statuses)
        for status, count in other.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
        return Result(
            name=self.name,
            requests=self.requests + other.requests,
            errors=self.errors + other.errors,
            seconds=self.seconds + other.seconds,
            latencies_ms=[*self.latencies_ms, *other.latencies_ms],
            statuses=statuses,
        )

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "requests_per_second": round(self.rps, 1),
            "latency_ms": {
                "p50": round(self.percentile(50), 2),
                "p95": round(self.percentile(95), 2),
                "p99": round(self.percentile(99), 2),
                "mean": round(statistics.fmean(self.latencies_ms), 2) if self.latencies_ms else 0,
                "max": round(max(self.latencies_ms), 2) if self.latencies_ms else 0,
            },
            "statuses": {str(code): count for code, count in sorted(self.statuses.items())},
        }


class Client:
    """One keep-alive connection that speaks for many signed-in users (one per request)."""

    def __init__(self, address: tuple[str, int], sessions: list[dict]):
        if address[0] not in LOOPBACK:
            raise ValueError("the benchmark only talks to loopback addresses")
        self.address = address
        self.sessions = sessions
        self.csrf: str | None = None
        self.connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(*self.address, timeout=30)
        return self.connection

    def send(self, request: Request) -> int:
        cookies = {"sessionid": request.session["session"]}
        headers = {"Host": f"{self.address[0]}:{self.address[1]}", "Accept-Language": "ko"}
        if self.csrf:
            cookies["csrftoken"] = self.csrf
            headers["X-CSRFToken"] = self.csrf
        headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())
        headers.update(request.headers)
        if request.body is not None:
            headers["Content-Length"] = str(len(request.body))
        for attempt in range(2):
            connection = self._connect()
            try:
                connection.request(request.method, request.path, body=request.body, headers=headers)
                response = connection.getresponse()
                response.read()
                break
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            morsel = SimpleCookie(header).get("csrftoken")
            if morsel is not None:
                self.csrf = morsel.value
        if (response.getheader("Connection") or "").lower() == "close":
            self.close()
        return response.status

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class _Budget:
    """How many requests may still start, and until when (shared by the client threads)."""

    def __init__(self, requests: int, seconds: float):
        self.lock = threading.Lock()
        self.left = requests
        self.stop_at = time.perf_counter() + seconds

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0 or time.perf_counter() >= self.stop_at:
                return False
            self.left -= 1
            return True


def _phase(clients, make_request, budget: _Budget, record) -> float:
    def work(client: Client, seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311 - not for security
        while budget.take():
            request = make_request(client, rng)
            started = time.perf_counter()
            try:
                status = client.send(request)
            except (http.client.HTTPException, OSError):
                status = 599
            record(status, (time.perf_counter() - started) * 1000)

    threads = [
        threading.Thread(target=work, args=(client, index), daemon=True)
        for index, client in enumerate(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(budget.stop_at - time.perf_counter(), 0) + 60)
    return time.perf_counter() - started


def run(
    name: str,
    *,
    clients: list[Client],
    make_request: Callable[[Client, random.Random], Request],
    requests: int,
    duration: float,
    warmup: int = 0,
) -> Result:
    """Drive all clients at once until ``requests`` are done or ``duration`` has passed."""
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    def record(status: int, elapsed_ms: float) -> None:
        with lock:
            latencies.append(elapsed_ms)
            statuses[status] = statuses.get(status, 0) + 1

    if warmup:
        _phase(clients, make_request, _Budget(warmup, duration), lambda *_: None)
    seconds = _phase(clients, make_request, _Budget(requests, duration), record)
    errors = sum(count for status, count in statuses.items() if status >= 400)
    return Result(
        name=name,
        requests=len(latencies),
        errors=errors,
        seconds=seconds,
        latencies_ms=latencies,
        statuses=statuses,
    )
