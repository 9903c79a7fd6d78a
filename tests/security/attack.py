"""The machinery of the API attack sweep: the schema's operations, their ids, and hostile input.

Kept apart from the test module so a failing request can be replayed from a shell:
``send(client, "POST", "/api/v1/habits/", body=b'{"name": "\\ud800"}')``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from urllib.parse import quote

HUGE_STRING_CHARS = 300_000  # well past every short field, under the 1 MB body limit
HUGE_LIST_LENGTH = 10_000
DEEP_LEVELS = 100

WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass
class Operation:
    method: str
    path: str  # the template, e.g. /api/v1/habits/{id}/check-in/
    path_params: list[str]
    query_params: list[dict]
    header_params: list[str]
    body_schema: dict | None  # JSON request body (resolved), None when it takes none
    body_content_types: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass
class Finding:
    operation: str
    attack: str
    status: int
    detail: str

    def __str__(self) -> str:
        return f"{self.operation} [{self.attack}] -> {self.status}: {self.detail[:300]}"


def api_schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def resolve(schema: dict, node):
    """Follows ``$ref`` and merges ``allOf`` (enough for drf-spectacular's output)."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
        seen += 1
    if isinstance(node, dict) and "allOf" in node:
        merged: dict = {"type": "object", "properties": {}, "required": []}
        for part in node["allOf"]:
            part = resolve(schema, part)
            if "properties" in part:
                merged["properties"].update(part["properties"])
                merged["required"] += part.get("required", [])
            else:
                merged = {**part, **{k: v for k, v in merged.items() if v}}
        return merged
    return node


def operations(schema: dict) -> list[Operation]:
    result = []
    for path, item in schema["paths"].items():
        for method, spec in item.items():
            if method not in ("get", *WRITE_METHODS):
                continue
            params = spec.get("parameters", [])
            content = spec.get("requestBody", {}).get("content", {})
            body_schema = None
            for content_type in ("application/json", "multipart/form-data"):
                if content_type in content:
                    body_schema = resolve(schema, content[content_type].get("schema", {}))
                    break
            result.append(
                Operation(
                    method=method,
                    path=path,
                    path_params=[p["name"] for p in params if p["in"] == "path"],
                    query_params=[p for p in params if p["in"] == "query"],
                    header_params=[p["name"] for p in params if p["in"] == "header"],
                    body_schema=body_schema,
                    body_content_types=list(content),
                )
            )
    return result


def example(schema: dict, node, depth: int = 0):
    """A plausible value for ``node`` (valid enough to get past the parser to validation)."""
    node = resolve(schema, node or {})
    if depth > 6:
        return None
    for key in ("oneOf", "anyOf"):
        if key in node:
            return example(schema, node[key][0], depth + 1)
    if "enum" in node:
        choices = [value for value in node["enum"] if value not in (None, "")]
        return choices[0] if choices else None
    if "default" in node:
        return node["default"]
    kind = node.get("type")
    fmt = node.get("format", "")
    if kind == "object" or "properties" in node:
        return {
            name: example(schema, prop, depth + 1)
            for name, prop in node.get("properties", {}).items()
            if not resolve(schema, prop).get("readOnly")
        }
    if kind == "array":
        return [example(schema, node.get("items", {}), depth + 1)]
    if kind == "integer":
        return max(1, int(node.get("minimum", 1)))
    if kind == "number":
        return max(1.0, float(node.get("minimum", 1)))
    if kind == "boolean":
        return True
    return {
        "date": "2026-12-01",
        "date-time": "2026-12-01T01:00:00Z",
        "time": "09:00",
        "uuid": str(uuid.uuid4()),
        "email": "someone@example.com",
        "uri": "https://example.com/x",
        "binary": None,
    }.get(fmt, "hello")


# ---- hostile values -----------------------------------------------------------------------------
# Each is (label, JSON text, must_refuse): must_refuse means no server may accept it (2xx).


def _j(value) -> str:
    return json.dumps(value)


def field_attacks(schema: dict, name: str, node) -> list[tuple[str, str, bool]]:
    node = resolve(schema, node or {})
    for key in ("oneOf", "anyOf"):
        if key in node:
            node = resolve(schema, node[key][0])
    kind = node.get("type") or ("object" if "properties" in node else "string")
    fmt = node.get("format", "")
    attacks: list[tuple[str, str, bool]] = [("null", "null", False)]
    if "enum" in node:
        attacks.append(("unknown enum", _j("no-such-choice-\u2603"), True))
    if kind == "string" and fmt != "binary":
        attacks += [
            ("lone surrogate", '"a\\ud800b"', True),
            ("huge string", _j("x" * HUGE_STRING_CHARS), False),
            ("object for string", '{"a": 1}', True),
        ]
        if fmt == "date":
            attacks += [
                ("year 1", '"0001-01-01"', False),
                ("year 9999", '"9999-12-31"', False),
                ("Feb 30", '"2026-02-30"', True),
            ]
        elif fmt == "date-time":
            attacks += [
                ("naive year 1", '"0001-01-01T00:00:00"', False),
                ("year 9999 west", '"9999-12-31T23:59:59-14:00"', False),
                ("Feb 30", '"2026-02-30T10:00:00Z"', True),
                ("DST gap", '"2026-03-08T02:30:00-05:00"', False),
            ]
        elif fmt == "time" or (name.endswith(("_time", "time")) and "zone" not in name):
            attacks += [("24:00", '"24:00"', False), ("99:99", '"99:99"', True)]
        if "timezone" in name or name == "tz":
            attacks += [
                ("unknown zone", '"Mars/Olympus_Mons"', True),
                ("path zone", '"../../../etc/passwd"', True),
            ]
    elif kind == "integer":
        attacks += [
            ("2**63", str(2**63), False),
            ("-1", "-1", False),
            ("1e309", "1e309", True),
            ("float for int", "1.5", True),
        ]
    elif kind == "number":
        attacks += [
            ("NaN", "NaN", True),
            ("1e309", "1e309", True),
            ("-1e309", "-1e309", True),
            ("NaN string", '"NaN"', True),
        ]
    elif kind == "boolean":
        attacks += [("string for bool", '"maybe"', True), ("2 for bool", "2", True)]
    elif kind == "array":
        item = example(schema, node.get("items", {}))
        attacks += [
            ("10k list", _j([item] * HUGE_LIST_LENGTH), False),
            ("object for list", '{"a": 1}', True),
            ("list of nulls", "[null, null]", False),
        ]
    elif kind == "object":
        attacks += [("list for object", "[1, 2]", True), ("string for object", '"x"', True)]
    return attacks


def body_attacks(base: dict | None) -> list[tuple[str, bytes, str, bool]]:
    """Whole-body attacks: (label, bytes, content type, must_refuse)."""
    first = next(iter(base or {}), "a")
    deep = '{"a":' * DEEP_LEVELS + "1" + "}" * DEEP_LEVELS
    duplicate = "{" + f"{_j(first)}: 1, {_j(first)}: " + _j((base or {}).get(first)) + "}"
    return [
        ("empty body", b"", "application/json", False),
        ("array of objects", f"[{_j(base or {})}]".encode(), "application/json", False),
        ("string body", b'"x"', "application/json", False),
        ("100 levels", deep.encode(), "application/json", False),
        ("duplicate keys", duplicate.encode(), "application/json", False),
        ("invalid UTF-8 JSON", b'{"a": "\xff\xfe"}', "application/json", False),
        ("text/plain", _j(base or {}).encode(), "text/plain", False),
        (
            "form with bad UTF-8",
            b"a=%ff%fe&b=%ed%a0%80",
            "application/x-www-form-urlencoded",
            False,
        ),
    ]


QUERY_VALUES: list[tuple[str, str]] = [
    ("-1", "-1"),
    ("2**63", str(2**63)),
    ("NaN", "NaN"),
    ("year 1", "0001-01-01"),
    ("year 9999", "9999-12-31"),
    ("Feb 30", "2026-02-30"),
    ("datetime 9999", quote("9999-12-31T23:59:59+14:00")),
    ("long", "x" * 10_000),
    ("bad UTF-8 and surrogate", "%ff%fe%ed%a0%80&{name}=b"),
]

# Sent to a GET only when it declares the first parameter named (or, for "*", to every GET).
LIST_QUERIES: list[tuple[str, str, str]] = [
    ("page", "page=-1", "page=-1"),
    ("page", "page=10**9", f"page={10**9}"),
    ("page_size", "page_size=10**6", f"page_size={10**6}"),
    ("cursor", "garbage cursor", "cursor=" + quote("bm90IGEgY3Vyc29y")),
    ("cursor", "cursor bad base64", "cursor=%%%"),
    ("from", "from year 1 to 9999", "from=0001-01-01&to=9999-12-31"),
    ("from", "from after to", "from=2026-12-31&to=2026-01-01"),
    ("month", "month 0", "month=0000-00"),
    (
        "*",
        "everything at once",
        "page=-1&page_size=-1&from=0000-00-00&to=9999-12-31&month=9999-13"
        "&start=0001-01-01T00:00:00%2B14:00&days=-1&limit=99999999999999999999",
    ),
]


def fill_path(op: Operation, values: dict[str, str]) -> str:
    path = op.path
    for name in op.path_params:
        path = path.replace("{" + name + "}", quote(str(values.get(name, "1")), safe=""))
    return path


def items_of(data) -> list[dict]:
    if isinstance(data, list):
        return [item for item in data if isinstance(item, dict)]
    if isinstance(data, dict):
        for key in ("results", "items", "data"):
            if isinstance(data.get(key), list):
                return [item for item in data[key] if isinstance(item, dict)]
    return []


def collection_path(template: str, param: str) -> str:
    """/api/v1/habits/{id}/check-in/ -> /api/v1/habits/ (the list that names the ids)."""
    return template[: template.index("{" + param + "}")]


def ids_in(client, template: str, param: str, known: dict[str, str]) -> list[str]:
    """The values of ``param`` the signed-in user sees in the collection before it."""
    collection = collection_path(template, param)
    if "{" in collection:  # a nested parameter: fill the outer ones first
        for name, value in known.items():
            collection = collection.replace("{" + name + "}", quote(str(value), safe=""))
        if "{" in collection:
            return []
    response = client.get(collection)
    if response.status_code != 200:
        return []
    try:
        data = response.json()
    except ValueError:
        return []
    keys = [param, "id"]
    values = []
    for item in items_of(data):
        for key in keys:
            if key in item and item[key] not in (None, ""):
                values.append(str(item[key]))
                break
    return values


def send(
    client,
    method: str,
    path: str,
    *,
    body: bytes = b"",
    content_type="application/json",
    query: str = "",
    headers: dict | None = None,
):
    url = f"{path}?{query}" if query else path
    return client.generic(
        method.upper(), url, data=body, content_type=content_type, **(headers or {})
    )


def is_error_envelope(response) -> bool:
    try:
        data = response.json()
    except ValueError:
        return False
    return isinstance(data, dict) and {"code", "message", "fields"} <= set(data)
