"""A local HTTP server that speaks the FCM HTTP v1 protocol (OAuth token + messages:send).

It checks what Google checks: the JWT assertion is RS256-signed by the service account's key
with the right issuer, audience and scope; messages carry a bearer token and a v1 body.
Tokens named in ``dead_tokens`` answer 404 UNREGISTERED; ``fail_next`` answers 503.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ACCESS_TOKEN = "ya29.local-test-token"
FCM_ERROR_TYPE = "type.googleapis.com/google.firebase.fcm.v1.FcmError"


def make_service_account(token_uri: str) -> tuple[dict, object]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    account = {
        "type": "service_account",
        "project_id": "haru-test",
        "private_key_id": "kid-1",
        "private_key": pem,
        "client_email": "push@haru-test.iam.gserviceaccount.com",
        "token_uri": token_uri,
    }
    return account, key.public_key()


class FCMServer:
    def __init__(self) -> None:
        self.messages: list[dict] = []
        self.token_requests = 0
        self.dead_tokens: set[str] = set()
        self.fail_next = 0
        self.public_key = None
        self.client_email = ""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                if self.path == "/token":
                    return self._token(raw)
                if self.path.startswith("/v1/projects/") and self.path.endswith("/messages:send"):
                    return self._send(raw)
                return self._json(404, {"error": {"code": 404, "status": "NOT_FOUND"}})

            def _token(self, raw: bytes) -> None:
                form = urllib.parse.parse_qs(raw.decode())
                if form.get("grant_type") != ["urn:ietf:params:oauth:grant-type:jwt-bearer"]:
                    return self._json(400, {"error": "unsupported_grant_type"})
                try:
                    claims = jwt.decode(
                        form["assertion"][0],
                        server.public_key,
                        algorithms=["RS256"],
                        audience=f"http://127.0.0.1:{server.port}/token",
                    )
                except jwt.PyJWTError:
                    return self._json(400, {"error": "invalid_grant"})
                if (
                    claims["iss"] != server.client_email
                    or "firebase.messaging" not in claims["scope"]
                ):
                    return self._json(400, {"error": "invalid_scope"})
                server.token_requests += 1
                return self._json(
                    200, {"access_token": ACCESS_TOKEN, "expires_in": 3599, "token_type": "Bearer"}
                )

            def _send(self, raw: bytes) -> None:
                if self.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
                    return self._json(401, {"error": {"code": 401, "status": "UNAUTHENTICATED"}})
                if server.fail_next:
                    server.fail_next -= 1
                    return self._json(
                        503,
                        {
                            "error": {
                                "code": 503,
                                "status": "UNAVAILABLE",
                                "details": [
                                    {
                                        "@type": FCM_ERROR_TYPE,
                                        "errorCode": "UNAVAILABLE",
                                    }
                                ],
                            }
                        },
                    )
                body = json.loads(raw)
                message = body.get("message", {})
                if not message.get("token") or not isinstance(message.get("data", {}), dict):
                    return self._json(400, {"error": {"code": 400, "status": "INVALID_ARGUMENT"}})
                if any(not isinstance(v, str) for v in message.get("data", {}).values()):
                    return self._json(400, {"error": {"code": 400, "status": "INVALID_ARGUMENT"}})
                if message["token"] in server.dead_tokens:
                    return self._json(
                        404,
                        {
                            "error": {
                                "code": 404,
                                "message": "Requested entity was not found.",
                                "status": "NOT_FOUND",
                                "details": [
                                    {
                                        "@type": FCM_ERROR_TYPE,
                                        "errorCode": "UNREGISTERED",
                                    }
                                ],
                            }
                        },
                    )
                server.messages.append(message)
                return self._json(
                    200, {"name": f"projects/haru-test/messages/{len(server.messages)}"}
                )

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FCMServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
