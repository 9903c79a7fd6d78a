"""Sentry is initialised only when SENTRY_DSN is set, and then errors reach it (a local HTTP
server speaking Sentry's envelope endpoint stands in for sentry.io)."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_sentry_stays_off_without_a_dsn():
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()


@pytest.mark.slow
def test_with_a_dsn_an_error_is_sent_to_sentry():
    received: list[tuple[str, bytes]] = []

    class Envelope(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            encoding = self.headers.get("Content-Encoding", "")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "br":
                import brotli

                body = brotli.decompress(body)
            received.append((self.path, body))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"id": "0"}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Envelope)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    script = (
        "import django, logging, sentry_sdk\n"
        "django.setup()\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('haru.sentry_check').exception('division failed')\n"
        "sentry_sdk.flush(5)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/42",
    }
    try:
        subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=120
        )
    finally:
        server.shutdown()

    assert any(path.startswith("/api/42/envelope/") for path, _ in received)
    assert any(b"ZeroDivisionError" in body for _, body in received)
