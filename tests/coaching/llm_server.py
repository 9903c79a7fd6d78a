"""A local HTTP server that speaks OpenAI's chat-completions protocol, for the gateway tests.

``POST /v1/chat/completions`` answers from a script of steps (then from ``default``):

* ``Answer(obj)``: 200 with ``obj`` as the assistant message's JSON content;
* ``Raw(text)``: 200 with ``text`` as the content (e.g. JSON that breaks the schema);
* ``Status(code)``: an OpenAI-shaped error with that HTTP status (429, 500, 503 …);
* ``Slow(seconds, then)``: waits, then answers ``then`` (the client times out first).

Every request body is recorded, so tests can assert on exactly what left the platform.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Answer:
    obj: Any
    prompt_tokens: int = 120
    completion_tokens: int = 80


@dataclass
class Raw:
    text: str


@dataclass
class Status:
    code: int
    retry_after: float | None = None


@dataclass
class Slow:
    seconds: float
    then: Any


class _Handler(BaseHTTPRequestHandler):
    server: ChatServer

    def log_message(self, *args):
        return

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        with self.server.lock:
            record = {"path": self.path, "body": body, "headers": dict(self.headers)}
            self.server.requests.append(record)
            step = self.server.script.pop(0) if self.server.script else self.server.default
        if not self.path.endswith("/chat/completions"):
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            return
        self._play(step, body)

    def _play(self, step, body):
        if isinstance(step, Slow):
            time.sleep(step.seconds)
            step = step.then
        if isinstance(step, Status):
            headers = {"retry-after": str(step.retry_after)} if step.retry_after is not None else {}
            kind = "rate_limit_exceeded" if step.code == 429 else "server_error"
            self._json(step.code, {"error": {"message": kind, "type": kind, "code": kind}}, headers)
            return
        if isinstance(step, Raw):
            content, usage = step.text, (50, 10)
        elif isinstance(step, Answer):
            content = json.dumps(step.obj, ensure_ascii=False)
            usage = (step.prompt_tokens, step.completion_tokens)
        else:
            raise TypeError(step)
        self._json(
            200,
            {
                "id": f"chatcmpl-{len(self.server.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "gpt-4o-mini"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content, "refusal": None},
                        "finish_reason": "stop",
                        "logprobs": None,
                    }
                ],
                "usage": {
                    "prompt_tokens": usage[0],
                    "completion_tokens": usage[1],
                    "total_tokens": usage[0] + usage[1],
                },
            },
        )

    def _json(self, status: int, data: dict, headers: dict | None = None) -> None:
        raw = json.dumps(data, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass


class ChatServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.requests: list[dict] = []
        self.script: list = []
        self.default: Any = Status(500)
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def start(self) -> ChatServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def queue(self, *steps) -> None:
        with self.lock:
            self.script.extend(steps)

    def sent_text(self) -> str:
        """Every message content the server received, joined (for leak assertions)."""
        return "\n".join(
            str(message.get("content", ""))
            for request in self.requests
            for message in request["body"].get("messages", [])
        )
