"""The IdP's tokens sealed at rest (AES-256-GCM): the sessions table holds no usable token.

The key comes from ``SESSION_TOKEN_KEY`` (32 random bytes, URL-safe base64; the embedded launcher generates one
into its data folder). Each value is bound to its session and column (associated data), so a sealed value copied
to another row or column does not open.
"""

from __future__ import annotations

import base64
import binascii
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_PREFIX = "v1."


class SealedValueBroken(ValueError):
    """Not sealed with this key for this place (a plaintext row of old, another key, an altered value)."""


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def decode_key(key: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(key.strip().encode())
    except (binascii.Error, ValueError) as exc:
        raise ValueError("SESSION_TOKEN_KEY: expected 32 bytes in URL-safe base64") from exc
    if len(raw) != 32:
        raise ValueError("SESSION_TOKEN_KEY: expected 32 bytes in URL-safe base64")
    return raw


class TokenCipher:
    def __init__(self, key: str) -> None:
        self._aead = AESGCM(decode_key(key))

    def seal(self, plain: str, *, context: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, plain.encode(), context.encode())
        return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, stored: str, *, context: str) -> str:
        if not stored.startswith(_PREFIX):
            raise SealedValueBroken("not a sealed value")
        try:
            raw = base64.urlsafe_b64decode(stored.removeprefix(_PREFIX).encode())
            return self._aead.decrypt(raw[:12], raw[12:], context.encode()).decode()
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise SealedValueBroken("the sealed value does not open") from exc
