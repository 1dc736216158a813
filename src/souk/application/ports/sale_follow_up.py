from __future__ import annotations

from typing import Protocol

from souk.domain.negotiation.transaction import Transaction


class SaleFollowUp(Protocol):
    """What a sale needs next (its payment), in two steps around the accept's commit."""

    async def with_sale(self, sale: Transaction) -> None:
        """Before the accept commits, in its transaction: what needs no call across the
        network (a cash sale's record, an in-process provider's intent) is written with the
        sale, all or nothing. A failure here fails the accept."""
        ...

    async def opened(self, sale: Transaction) -> None:
        """Right after the accept committed: the rest (a remote provider's intent). Never
        raises: the accept is already done, and what fails here is done again lazily when a
        party first looks at the sale."""
        ...
