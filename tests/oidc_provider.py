"""A local OpenID provider for tests: discovery document, JWKS (with key rotation) and a
token endpoint (authorization code + PKCE); it signs ID tokens as Google or Apple would."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "souk-ios.apps.example"


class SigningKey:
    def __init__(self) -> None:
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex[:12]

    def jwk(self) -> dict[str, Any]:
        numbers = self.private.public_key().public_numbers()

        def b64(value: int) -> str:
            raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
            return base64.urlsafe_b64encode(raw).decode().rstrip("=")

        return {"kty": "RSA", "kid": self.kid, "use": "sig", "alg": "RS256", "n": b64(numbers.n), "e": b64(numbers.e)}


class OpenIdProvider:
    def __init__(self) -> None:
        self.key = SigningKey()
        self.issuer = ""
        self.jwks_fetches = 0
        self.codes: dict[str, tuple[dict[str, Any], str]] = {}  # code -> (claims, code_challenge)

    def rotate(self) -> None:
        self.key = SigningKey()

    def id_token(self, sub: str, nonce: str | None, key: SigningKey | None = None, **overrides: Any) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": sub,
            "iat": now,
            "exp": now + 600,
        }
        if nonce is not None:
            claims["nonce"] = nonce
        claims.update(overrides)
        signer = key or self.key
        return jwt.encode(claims, signer.private, algorithm="RS256", headers={"kid": (key or self.key).kid})

    def handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, status: int, body: dict[str, Any]) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self) -> None:
                if self.path == "/.well-known/openid-configuration":
                    self._json(
                        200,
                        {
                            "issuer": provider.issuer,
                            "jwks_uri": f"{provider.issuer}/jwks",
                            "token_endpoint": f"{provider.issuer}/token",
                            "authorization_endpoint": f"{provider.issuer}/authorize",
                        },
                    )
                elif self.path == "/jwks":
                    provider.jwks_fetches += 1
                    self._json(200, {"keys": [provider.key.jwk()]})
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                form = {
                    k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()
                }
                issued = provider.codes.pop(form.get("code", ""), None)
                if self.path != "/token" or issued is None:
                    self._json(400, {"error": "invalid_grant"})
                    return
                claims, challenge = issued
                verifier = form.get("code_verifier", "")
                digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
                if digest != challenge:
                    self._json(400, {"error": "invalid_grant", "error_description": "PKCE verifier mismatch"})
                    return
                token = provider.id_token(claims.pop("sub"), claims.pop("nonce", None), **claims)
                self._json(200, {"access_token": "at", "token_type": "Bearer", "id_token": token})

        return Handler


@contextmanager
def running_provider() -> Iterator[OpenIdProvider]:
    provider = OpenIdProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), provider.handler())
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
