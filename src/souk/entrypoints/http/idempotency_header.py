"""The ``Idempotency-Key`` request header, as every money-moving POST takes it (offers,
accept, going live, purchases); the rule behind it is ``application/shared/idempotency``."""

from __future__ import annotations

from typing import Annotated

from litestar.params import HeaderParameter

from souk.application.shared.idempotency import KEY_MAX

IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        # visible ASCII, inner spaces allowed (HTTP strips a header value's outer spaces)
        pattern=f"^[!-~]([ -~]{{0,{KEY_MAX - 2}}}[!-~])?$",
        description="A retry with the same key and body returns the first result (kept 24 h); "
        "the same key with another body is a 409 `idempotency_key_reused`.",
    ),
]
