"""The FCM HTTP v1 adapter against a local fake of Google's OAuth and FCM endpoints."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from uuid import uuid4

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from dishka import Provider, Scope

from souk.adapters.memory.clock import FakeClock
from souk.adapters.memory.presence import InMemoryPresence
from souk.adapters.push.fcm_push_sender import SCOPE, FcmPushSender, PushServiceUnavailable, ServiceAccount
from souk.application.catalog.follow_user import FollowUser
from souk.application.notifications.push_notification import PUSH_JOB
from souk.application.notifications.register_push_token import RegisterPushToken
from souk.application.ports.job_queue import JobQueue
from souk.application.ports.push_sender import PushMessage
from souk.application.ports.push_token_repository import PushTokenRepository
from souk.application.shared.clock import Clock
from souk.bootstrap.container import build_container
from souk.bootstrap.settings import Settings
from souk.domain.notifications.push import Platform, PushToken
from tests.negotiation_support import Negotiation
from tests.social_support import HandRunJobs, RecordingPush, Social
from tests.support import fast_settings


class FakeGoogle:
    """Checks what a real FCM would: a signed JWT-bearer grant, then a Bearer token on sends."""

    def __init__(self, public_key: Any) -> None:
        self.public_key = public_key
        self.grants = 0
        self.sent: list[dict[str, Any]] = []
        self.access_token = "ya29.fake"
        self.revoke_next = False
        self.outage = False
        self.address = ""

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path == "/token":
                    return self._token(parse_qs(body.decode()))
                return self._send(json.loads(body))

            def _token(self, form: dict[str, list[str]]) -> None:
                assert form["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
                claims = jwt.decode(
                    form["assertion"][0], fake.public_key, algorithms=["RS256"], audience=f"{fake.address}/token"
                )
                assert claims["iss"] == "souk@project.iam.gserviceaccount.com"
                assert claims["scope"] == SCOPE
                fake.grants += 1
                fake.access_token = f"ya29.fake{fake.grants}"
                self._answer(200, {"access_token": fake.access_token, "expires_in": 3599, "token_type": "Bearer"})

            def _send(self, body: dict[str, Any]) -> None:
                if self.path != "/v1/projects/souk-test/messages:send":
                    return self._answer(404, {})
                if self.headers["Authorization"] != f"Bearer {fake.access_token}" or fake.revoke_next:
                    fake.revoke_next = False
                    return self._answer(401, {"error": {"code": 401, "status": "UNAUTHENTICATED"}})
                if fake.outage:
                    return self._answer(503, {"error": {"code": 503, "status": "UNAVAILABLE"}})
                token = body["message"]["token"]
                if token.startswith("dead"):
                    error = {
                        "code": 404,
                        "message": "Requested entity was not found.",
                        "status": "NOT_FOUND",
                        "details": [
                            {
                                "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                                "errorCode": "UNREGISTERED",
                            }
                        ],
                    }
                    return self._answer(404, {"error": error})
                if token.startswith("bogus"):
                    error = {
                        "code": 400,
                        "message": "The registration token is not a valid FCM registration token",
                        "status": "INVALID_ARGUMENT",
                    }
                    return self._answer(400, {"error": error})
                fake.sent.append(body["message"])
                return self._answer(200, {"name": f"projects/souk-test/messages/{uuid4()}"})

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        return Handler


@pytest.fixture
def google(tmp_path: Path) -> Iterator[tuple[FakeGoogle, Path]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    fake = FakeGoogle(key.public_key())
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    fake.address = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    credentials = tmp_path / "service-account.json"
    credentials.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "souk-test",
                "private_key_id": "key-1",
                "private_key": pem.decode(),
                "client_email": "souk@project.iam.gserviceaccount.com",
                "token_uri": f"{fake.address}/token",
            }
        )
    )
    yield fake, credentials
    server.shutdown()
    server.server_close()


def build_world(settings: Settings, fakes: Provider) -> Negotiation:
    """In memory, but with the push sender the settings configure (the real FCM adapter)."""
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0))
    fakes.provide(lambda: clock, provides=Clock)
    return Negotiation(build_container(settings, fakes, in_memory=True), clock, "memory")


def message(token: str, body: str = "Your item sold.") -> PushMessage:
    device = PushToken(uuid4(), token, Platform.ANDROID, datetime.now(UTC))
    return PushMessage(device, "Sold!", body, {"type": "product_sold", "product_id": "p1"})


async def test_exchanges_a_token_sends_and_reports_dead_tokens(google: tuple[FakeGoogle, Path]) -> None:
    fake, credentials = google
    sender = FcmPushSender(ServiceAccount.from_file(credentials), fake.address)
    try:
        dead = await sender.send([message("phone-1"), message("dead-1"), message("bogus-1"), message("phone-2")])
        assert dead == {"dead-1", "bogus-1"}
        assert sorted(m["token"] for m in fake.sent) == ["phone-1", "phone-2"]
        assert fake.sent[0]["notification"] == {"title": "Sold!", "body": "Your item sold."}
        assert fake.sent[0]["data"] == {"type": "product_sold", "product_id": "p1"}
        assert fake.grants == 1  # one access token for the whole batch

        await sender.send([message("phone-3")])
        assert fake.grants == 1  # still valid: reused

        fake.revoke_next = True  # revoked early: one fresh token and the send goes through
        assert await sender.send([message("phone-4")]) == set()
        assert fake.grants == 2
        assert fake.sent[-1]["token"] == "phone-4"

        fake.outage = True
        with pytest.raises(PushServiceUnavailable):
            await sender.send([message("phone-5")])
    finally:
        await sender.aclose()


async def test_configured_fcm_pushes_offline_users_and_prunes_dead_tokens(
    google: tuple[FakeGoogle, Path], tmp_path: Path
) -> None:
    fake, credentials = google
    settings = replace(fast_settings(tmp_path), fcm_credentials_file=credentials, fcm_endpoint=fake.address)
    jobs = HandRunJobs()
    fakes = Provider(scope=Scope.APP)
    fakes.provide(lambda: jobs, provides=JobQueue)
    world = Social(build_world(settings, fakes), jobs, RecordingPush(), InMemoryPresence())
    try:
        seller, fan = await world.user(), await world.user()
        await world.run(RegisterPushToken, seller, "phone-7", "ios")
        await world.run(RegisterPushToken, seller, "dead-7", "android")
        await world.run(FollowUser, fan, seller)
        await world.deliver()
        assert await world.run_jobs(PUSH_JOB) == 1
        assert [(m["token"], m["data"]["type"]) for m in fake.sent] == [("phone-7", "new_follower")]
        async with world.container() as request:
            held = await (await request.get(PushTokenRepository)).for_users([seller])
        assert [t.token for t in held] == ["phone-7"]
    finally:
        await world.container.close()
