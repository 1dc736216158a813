"""A seller's plan (accounts keeps it on the user; fees quote by it)."""

from __future__ import annotations

from enum import StrEnum


class SellerTier(StrEnum):
    FREE = "free"
    PRO = "pro"
