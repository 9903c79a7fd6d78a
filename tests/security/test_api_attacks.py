"""Every /api/v1/ operation of the OpenAPI schema, attacked with hostile input.

Signed in as alice (a member with every app's demo data, also a practitioner), each operation
gets: each body field replaced by a lone surrogate, a 300 KB string, 2**63, 1e309, NaN,
Infinity, impossible and extreme dates, unknown enum values, a 10,000-item list, the wrong JSON
type; whole bodies that are empty, arrays, truncated, 100 levels deep, with duplicate or
surrogate keys, invalid UTF-8, the wrong content type; every query parameter set to negative,
huge, non-numeric, extreme-date, 10 KB and invalid-UTF-8 values; list pagination past both
ends. No answer may be a 5xx; every 400 has the error envelope; a value no server may accept
(a lone surrogate, NaN, the wrong type...) is never answered 2xx.

Then every object operation is sent bob's id: 404, never 403 or 2xx.
"""

from __future__ import annotations

import json
import os
import time
import traceback
import uuid

import pytest

from tests.security import attack
from tests.security.conftest import signed_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Operations that end what the sweep stands on; they run last, and only with refused input.
LAST = {"DELETE /api/v1/me/"}
PAGING = {"cursor", "page", "page_size"}
# Operations on another member's objects that are meant for everyone.
ANYONES = {
    "POST /api/v1/practitioners/reviews/{id}/vote/",  # "helpful" votes on published reviews
}
PROGRESS = os.environ.get("HARU_ATTACK_PROGRESS")  # a file to follow a long run with tail -f


def _order(ops: list[attack.Operation]) -> list[attack.Operation]:
    return sorted(ops, key=lambda op: (op.name in LAST, op.method == "delete"))


class Sweep:
    def __init__(self, client):
        self.client = client
        self.findings: list[attack.Finding] = []
        self.requests = 0

    def hit(self, op, label, path, *, must_refuse=False, **kwargs):
        self.requests += 1
        before = len(self.findings)
        response = self._hit(op, label, path, must_refuse=must_refuse, **kwargs)
        if PROGRESS:
            with open(PROGRESS, "a") as log:
                for finding in self.findings[before:]:
                    log.write(f"FINDING {finding}\n")
                if self.requests % 100 == 0:
                    log.write(f"{self.requests} requests, at {op.name}\n")
        return response

    def _hit(self, op, label, path, *, must_refuse=False, **kwargs):
        try:
            response = attack.send(self.client, op.method, path, **kwargs)
        except Exception as exc:  # the test client re-raises what the view raised: a 500
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.findings.append(
                attack.Finding(
                    op.name,
                    label,
                    500,
                    f"{type(exc).__name__}: {exc} at {where.filename}:{where.lineno}",
                )
            )
            return None
        status = response.status_code
        if status >= 500:
            self.findings.append(attack.Finding(op.name, label, status, response.content[:300]))
        elif status == 400 and not attack.is_error_envelope(response):
            self.findings.append(
                attack.Finding(
                    op.name,
                    label,
                    status,
                    "400 without {code, message, fields}: " + repr(response.content[:200]),
                )
            )
        elif must_refuse and status < 300:
            self.findings.append(
                attack.Finding(op.name, label, status, "accepted: " + repr(response.content[:200]))
            )
        return response


def _path_values(client, op, cache) -> dict[str, str]:
    values: dict[str, str] = {}
    for param in op.path_params:
        key = (attack.collection_path(op.path, param), param)
        if key not in cache:
            cache[key] = attack.ids_in(client, op.path, param, values)
        found = cache[key]
        values[param] = found[0] if found else "1"
    return values


def _body_with(base: dict, name: str, raw: str) -> bytes:
    marker = "__haru_attack_marker__"
    return json.dumps({**base, name: marker}).replace(json.dumps(marker), raw).encode()


def test_no_hostile_input_makes_the_api_fail(members):
    alice, _bob = members
    schema = attack.api_schema()
    client = signed_in(alice)
    sweep = Sweep(client)
    cache: dict = {}
    started = time.monotonic()

    for op in _order(attack.operations(schema)):
        client.force_login(alice)  # an operation before may have ended the session
        path = attack.fill_path(op, _path_values(client, op, cache))
        if op.method == "get":
            for param in op.query_params:
                name = param["name"]
                if name in PAGING:
                    continue  # LIST_QUERIES pages past both ends
                for label, value in attack.QUERY_VALUES:
                    query = f"{name}={value.format(name=name)}"
                    sweep.hit(op, f"?{name}={label}", path, query=query)
            declared = {param["name"] for param in op.query_params} | {"*"}
            for needs, label, query in attack.LIST_QUERIES:
                if needs in declared:
                    sweep.hit(op, label, path, query=query)
            continue

        body_schema = op.body_schema or {}
        base = attack.example(schema, body_schema) if body_schema else {}
        base = base if isinstance(base, dict) else {}
        json_body = "application/json" in op.body_content_types or not op.body_content_types
        if json_body and op.name not in LAST:
            for name, prop in body_schema.get("properties", {}).items():
                if attack.resolve(schema, prop).get("readOnly"):
                    continue
                for label, raw, must_refuse in attack.field_attacks(schema, name, prop):
                    sweep.hit(
                        op,
                        f"{name}={label}",
                        path,
                        body=_body_with(base, name, raw),
                        must_refuse=must_refuse,
                    )
        for label, body, content_type, must_refuse in attack.body_attacks(base):
            if op.name in LAST and content_type == "application/json" and body in (b"", b"[]"):
                continue  # these would be read as "no body": a real deletion of alice
            sweep.hit(
                op, label, path, body=body, content_type=content_type, must_refuse=must_refuse
            )
        for header in op.header_params:
            meta = "HTTP_" + header.upper().replace("-", "_")
            for label, value in (("long", "k" * 10_000), ("unicode", "키-\u2603"), ("empty", "")):
                sweep.hit(
                    op,
                    f"{header} {label}",
                    path,
                    body=json.dumps(base).encode(),
                    headers={meta: value},
                )

    elapsed = time.monotonic() - started
    print(f"{sweep.requests} requests in {elapsed:.0f} s, {len(sweep.findings)} findings")
    assert not sweep.findings, "\n".join(str(finding) for finding in sweep.findings)


def test_another_members_objects_answer_404(members):
    """For every operation on an object, bob's id as alice: 404 (never 403 nor 2xx)."""
    alice, bob = members
    schema = attack.api_schema()
    as_alice, as_bob = signed_in(alice), signed_in(bob)
    alice_cache: dict = {}
    bob_cache: dict = {}
    findings: list[str] = []
    checked = 0
    for op in _order(attack.operations(schema)):
        if not op.path_params or op.name in LAST:
            continue
        bob_values: dict[str, str] = {}
        owned = False
        for param in op.path_params:
            key = (attack.collection_path(op.path, param), param)
            if key not in bob_cache:
                bob_cache[key] = attack.ids_in(as_bob, op.path, param, bob_values)
            if key not in alice_cache:
                alice_cache[key] = attack.ids_in(as_alice, op.path, param, {})
            theirs = [v for v in bob_cache[key] if v not in alice_cache[key]]
            if theirs:
                owned = True
                bob_values[param] = theirs[0]
            else:
                bob_values[param] = (bob_cache[key] or ["1"])[0]
        if not owned:
            continue  # public objects (plans, practitioners, content) or none of bob's
        base = attack.example(schema, op.body_schema) if op.body_schema else {}
        as_alice.force_login(alice)
        response = attack.send(
            as_alice,
            op.method,
            attack.fill_path(op, bob_values),
            body=json.dumps(base or {}).encode(),
        )
        checked += 1
        if response.status_code != 404 and op.name not in ANYONES:
            # Refused before the lookup (the body is invalid): fine if a made-up id gets the
            # same answer, so the status says nothing about bob's object.
            made_up = {name: str(uuid.uuid4()) for name in op.path_params}
            control = attack.send(
                as_alice,
                op.method,
                attack.fill_path(op, made_up),
                body=json.dumps(base or {}).encode(),
            )
            if control.status_code == response.status_code == 400:
                continue
            findings.append(
                f"{op.name} with bob's {bob_values}: {response.status_code} "
                f"{response.content[:200]!r}"
            )
    print(f"{checked} object operations checked against another member's ids")
    assert checked >= 30, "the sweep found too few of bob's objects to prove anything"
    assert not findings, "\n".join(findings)
