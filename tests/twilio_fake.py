"""A local fake of Twilio's Messages API: checks Basic auth and the form, stores what a
real account would send, answers like Twilio (201 with a SID; 400 with its error code)."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

SID = "AC" + "0" * 32
TOKEN = "twilio-auth-token-secret"
FROM = "+14155550000"


class FakeTwilio:
    def __init__(self) -> None:
        self.messages: list[dict[str, str]] = []
        self.base = ""

    def code_for(self, phone: str) -> str | None:
        bodies = [m["Body"] for m in self.messages if m["To"] == phone]
        if not bodies:
            return None
        return next(w for w in bodies[-1].replace(".", " ").split() if w.isdigit() and len(w) == 6)

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_POST(self) -> None:
                expected = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
                form = {
                    k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()
                }
                if self.headers.get("Authorization") != expected:
                    self._answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
                elif self.path != f"/2010-04-01/Accounts/{SID}/Messages.json":
                    self._answer(404, {"code": 20404, "message": "Not found", "status": 404})
                elif form.get("From") != FROM or not form.get("Body"):
                    self._answer(400, {"code": 21606, "message": "Invalid From", "status": 400})
                elif form["To"].startswith("+1555"):
                    self._answer(400, {"code": 21211, "message": f"Invalid 'To' {form['To']}", "status": 400})
                else:
                    fake.messages.append(form)
                    self._answer(201, {"sid": f"SM{len(fake.messages):032d}", "status": "queued"})

        return Handler


@contextmanager
def running_twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
