"""Secrets Souk must read back (TOTP seeds) are stored encrypted: Fernet (AES-128-CBC +
HMAC-SHA256, from ``cryptography``) under a key derived from the server secret, so a
leaked database or backup alone does not let anyone compute a user's codes."""

from __future__ import annotations

from cryptography.fernet import Fernet


class SecretBox:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    def seal(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def open(self, sealed: str) -> str:
        return self._fernet.decrypt(sealed.encode()).decode()


class TotpSecretBox(SecretBox):
    """The box for TOTP seeds (its own derived key)."""
