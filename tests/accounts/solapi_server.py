"""A local HTTP server that speaks Solapi's messaging API v4 (``send-many/detail``).

It checks what Solapi checks: ``Authorization: HMAC-SHA256 apiKey=…, date=…, salt=…,
signature=…`` with the signature HMAC-SHA256(apiSecret, date + salt) and a fresh date;
a registered sender; an 알림톡 (ATA) needs ``kakaoOptions.pfId`` and ``templateId``.
Numbers in ``unreachable`` land in ``failedMessageList``; ``fail_next`` answers 500.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SolapiServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *, api_key: str, api_secret: str, sender: str):
        self.api_key, self.api_secret, self.sender = api_key, api_secret, sender
        self.messages: list[dict] = []
        self.unreachable: set[str] = set()
        self.fail_next = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def check_auth(self, header: str) -> str | None:
        match = re.fullmatch(
            r"HMAC-SHA256 apiKey=([^,]+), date=([^,]+), salt=([^,]+), signature=([0-9a-f]+)",
            header or "",
        )
        if match is None:
            return "InvalidAuthorizationHeader"
        api_key, date, salt, signature = match.groups()
        if api_key != self.api_key:
            return "InvalidApiKey"
        sent_at = datetime.fromisoformat(date.replace("Z", "+00:00"))
        if abs(datetime.now(tz=UTC) - sent_at) > timedelta(minutes=15):
            return "RequestTimeExpired"
        expected = hmac.new(
            self.api_secret.encode(), f"{date}{salt}".encode(), hashlib.sha256
        ).hexdigest()
        if not hmac.compare_digest(expected, signature):
            return "SignatureDoesNotMatch"
        return None


class _Handler(BaseHTTPRequestHandler):
    server: SolapiServer

    def log_message(self, *args):
        return

    def _send(self, status: int, data: dict) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        payload = json.loads(self.rfile.read(length) or b"{}")
        if self.path != "/messages/v4/send-many/detail":
            return self._send(404, {"errorCode": "NotFound", "errorMessage": "no such API"})
        error = self.server.check_auth(self.headers.get("Authorization", ""))
        if error:
            return self._send(403, {"errorCode": error, "errorMessage": "인증 실패"})
        with self.server.lock:
            if self.server.fail_next:
                self.server.fail_next -= 1
                return self._send(500, {"errorCode": "InternalError", "errorMessage": "x"})
        accepted, failed = [], []
        for message in payload.get("messages") or []:
            if message.get("from") != self.server.sender:
                return self._send(
                    400, {"errorCode": "ValidationError", "errorMessage": "발신번호 미등록"}
                )
            if message.get("type") == "ATA":
                options = message.get("kakaoOptions") or {}
                if not options.get("pfId") or not options.get("templateId"):
                    return self._send(400, {"errorCode": "ValidationError", "errorMessage": "pfId"})
            if message.get("to") in self.server.unreachable:
                failed.append({"to": message["to"], "statusCode": "3059"})
                continue
            message_id = "M4V" + uuid.uuid4().hex[:20].upper()
            accepted.append({"messageId": message_id, "to": message["to"]})
            with self.server.lock:
                self.server.messages.append({**message, "messageId": message_id})
        return self._send(
            200,
            {
                "groupInfo": {"groupId": "G4V" + uuid.uuid4().hex[:20].upper()},
                "messageList": accepted,
                "failedMessageList": failed,
            },
        )
