"""The server-rendered pages, attacked the way a browser (or a script posing as one) can.

Signed in as alice (every app's demo data, also a practitioner), the test walks the site from
the home page by its links (same site, not the operator console, not sign-out), collects every
POST form it meets, then:

* sends each page extreme query values (page=-1 / 10**9, year 1 / 9999, impossible dates,
  unknown months, invalid UTF-8, 10 KB values) on the parameters pages read;
* posts each form with every field set to a hostile value: invalid UTF-8, an encoded lone
  surrogate, 300 KB, year 1 / 9999 / Feb 30 dates, 2**63 and -1 numbers, 1e309 and NaN,
  an unknown time zone, the DST gap of America/New_York.

No answer may be a 5xx.
"""

from __future__ import annotations

import re
import time
import traceback
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest

from tests.security.conftest import signed_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

MAX_PAGES = 150
# Links and forms that would end the session or the account the walk stands on.
AVOID = (
    "logout",
    "sign-out",
    "signout",
    "/admin/",
    "delete",
    "withdraw",
    "resign",
    "sessions",
    "end-others",
    "/media/",
    "/static/",
    "export",
    "download",
)

# Each sets many of the parameters pages read at once (a page ignores the ones it does not).
PAGE_QUERIES = [
    "page=-1&from=2026-02-30&date=2026-02-30&month=0000-00&after=abc&start=2026-02-30T10:00",
    f"page={10**9}&from=9999-12-31&date=9999-12-31&month=9999-12&after={2**63}"
    "&start=9999-12-31T23:59:59%2B14:00&days=-1",
    "page=abc&from=0001-01-01&date=0001-01-01&month=0001-01&q=%ff%fe%ed%a0%80&tag=%ff&type=%ff"
    "&status=%ff&category=%ff&kind=%ff",
    "month=2026-13&q=" + "x" * 10_000,
]
FIELD_VALUES = [
    ("invalid UTF-8 and an encoded surrogate", "%ff%fe%ed%a0%80"),
    ("huge", "x" * 300_000),
    ("year 1", "0001-01-01"),
    ("year 9999", "9999-12-31"),
    ("Feb 30", "2026-02-30"),
    ("datetime 9999", quote("9999-12-31T23:59:59+14:00")),
    ("DST gap", quote("2026-03-08T02:30")),
    ("2**63", str(2**63)),
    ("1e309", "1e309"),
    ("NaN", "NaN"),
    ("zone", quote("Mars/Olympus_Mons")),
]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": {},
            }
        elif tag in ("input", "select", "textarea", "button") and self._form is not None:
            name = attrs.get("name")
            if name:
                self._form["fields"].setdefault(name, attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _shape(path: str) -> str:
    """One form per kind: /habits/h/<uuid>/check-in/ for every habit's check-in form."""
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+", "<id>", path)


def _local(base: str, href: str) -> str | None:
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path
    if any(word in path for word in AVOID):
        return None
    return path


class Walk:
    def __init__(self, user):
        self.user = user
        self.client = signed_in(user)
        self.findings: list[str] = []
        self.requests = 0

    def fetch(self, method: str, url: str, body: bytes = b"", content_type=""):
        self.requests += 1
        try:
            if method == "get":
                response = self.client.get(url)
            else:
                response = self.client.generic("POST", url, data=body, content_type=content_type)
        except Exception as exc:  # the view raised: a 500
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.findings.append(
                f"{method.upper()} {url[:120]}: {type(exc).__name__}: "
                f"{str(exc)[:200]} at {where.filename}:{where.lineno}"
            )
            return None
        if response.status_code >= 500:
            self.findings.append(f"{method.upper()} {url[:120]}: {response.status_code}")
        return response


def test_no_hostile_input_makes_a_page_fail(members):
    alice, _bob = members
    walk = Walk(alice)
    started = time.monotonic()
    queue, seen, forms = ["/"], set(), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = walk.fetch("get", path)
        if response is None or response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(response.content.decode("utf-8", "replace"))
        for href in parser.links:
            target = _local(path, href)
            if target and target not in seen:
                queue.append(target)
        for form in parser.forms:
            action = _local(path, form["action"] or path)
            if action and form["method"] == "post" and form["fields"]:
                forms.setdefault(_shape(action), (action, form["fields"]))

    for path in sorted(seen):
        for query in PAGE_QUERIES:
            walk.fetch("get", f"{path}?{query}")

    for action, fields in sorted(forms.values()):
        for _label, value in FIELD_VALUES:
            walk.client.force_login(alice)
            body = "&".join(
                f"{quote(name)}={value}" for name in fields if name != "csrfmiddlewaretoken"
            )
            walk.fetch("post", action, body.encode(), "application/x-www-form-urlencoded")

    elapsed = time.monotonic() - started
    print(f"{len(seen)} pages, {len(forms)} forms, {walk.requests} requests in {elapsed:.0f} s")
    assert len(seen) >= 30, "the walk reached too few pages to prove anything"
    assert len(forms) >= 10, "the walk found too few kinds of form to prove anything"
    assert not walk.findings, "\n".join(walk.findings)
