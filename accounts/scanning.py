"""Virus scanning through clamd's INSTREAM command: the only module that talks to ClamAV.

Protocol (clamd(8)): send ``zINSTREAM\\0``, then chunks each prefixed with their length as a
4-byte big-endian integer, then a zero-length chunk; clamd answers ``stream: OK`` or
``stream: <signature> FOUND``.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

from django.conf import settings

CHUNK = 64 * 1024


class ScanError(Exception):
    pass


@dataclass(frozen=True)
class Verdict:
    infected: bool
    signature: str = ""


def scan_bytes(content: bytes, *, host: str | None = None, port: int | None = None) -> Verdict:
    host = host or settings.CLAMAV_HOST
    port = port or settings.CLAMAV_PORT
    if not host:
        raise ScanError("no clamd host configured")
    try:
        with socket.create_connection((host, port), timeout=30) as conn:
            conn.sendall(b"zINSTREAM\0")
            for start in range(0, len(content), CHUNK):
                chunk = content[start : start + CHUNK]
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as exc:
        raise ScanError(f"clamd unreachable: {exc.__class__.__name__}") from exc
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith("OK"):
        return Verdict(infected=False)
    if text.endswith("FOUND"):
        signature = text.removeprefix("stream:").removesuffix("FOUND").strip()
        return Verdict(infected=True, signature=signature)
    raise ScanError(f"unexpected clamd reply: {text[:100]}")
