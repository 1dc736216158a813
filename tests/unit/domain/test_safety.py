"""The safety rules of the domain: blocks, reports, staff roles, takedowns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from souk.domain.accounts.values import Role
from souk.domain.catalog.errors import InvalidStatusTransition, ProductTakenDown
from souk.domain.catalog.product import Condition, FeedType, Product, ProductDraft, ProductStatus
from souk.domain.safety.block import Block
from souk.domain.safety.errors import AccountSuspended, CannotBlockSelf, ReportAlreadyResolved
from souk.domain.safety.report import Action, Report, ReportReason, ReportStatus, TargetType, staff_reason
from souk.domain.shared.errors import InvalidInput
from souk.domain.shared.money import Money

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def test_only_moderators_and_admins_are_staff() -> None:
    assert [role.can_moderate for role in Role] == [False, True, True]


def test_nobody_blocks_themselves() -> None:
    me = uuid4()
    with pytest.raises(CannotBlockSelf):
        Block.make(me, me, NOW)
    assert Block.make(me, uuid4(), NOW).created_at == NOW


def report(note: str | None = None) -> Report:
    return Report.file(uuid4(), uuid4(), TargetType.COMMENT, uuid4(), uuid4(), ReportReason.SPAM, note, NOW)


def test_a_report_is_resolved_once_with_a_reason() -> None:
    filed = report("  buy followers  ")
    assert (filed.status, filed.note) == (ReportStatus.OPEN, "buy followers")
    with pytest.raises(InvalidInput):
        filed.resolve(Action.DISMISS, "   ", uuid4(), NOW)
    assert filed.status is ReportStatus.OPEN
    staff = uuid4()
    filed.resolve(Action.REMOVE, " spam  link ", staff, NOW + timedelta(minutes=5))
    assert (filed.status, filed.action, filed.resolution, filed.resolved_by) == (
        ReportStatus.RESOLVED,
        Action.REMOVE,
        "spam link",
        staff,
    )
    with pytest.raises(ReportAlreadyResolved):
        filed.resolve(Action.DISMISS, "again", staff, NOW)


def test_notes_and_reasons_have_limits() -> None:
    with pytest.raises(InvalidInput):
        report("x" * 1001)
    with pytest.raises(InvalidInput):
        staff_reason("y" * 1001)


def product(status: ProductStatus = ProductStatus.AVAILABLE) -> Product:
    draft = ProductDraft(
        title="Lamp",
        description="",
        price=Money(100, "EUR"),
        category_id=uuid4(),
        condition=Condition.GOOD,
        feed_type=FeedType.DISCOVER,
    )
    listed = Product.list(uuid4(), uuid4(), draft, NOW)
    listed.status = status
    return listed


def test_a_taken_down_listing_is_archived_and_cannot_be_restored() -> None:
    listed = product()
    listed.take_down(NOW)
    assert (listed.status, listed.taken_down_at) == (ProductStatus.ARCHIVED, NOW)
    assert listed.counts_delta().listings == -1
    with pytest.raises(ProductTakenDown):
        listed.restore(listed.seller_id, NOW)
    archived = product(ProductStatus.ARCHIVED)
    archived.take_down(NOW)
    assert archived.taken_down_at == NOW
    with pytest.raises(InvalidStatusTransition):  # a sale under way stays as it is
        product(ProductStatus.RESERVED).take_down(NOW)


def test_the_suspended_login_error_says_until_when() -> None:
    until = datetime(2026, 12, 24, 18, 30, tzinfo=UTC)
    error = AccountSuspended(until)
    assert error.context == {"suspended_until": "2026-12-24T18:30:00Z"}
    assert "2026-12-24T18:30:00Z" in error.detail
    assert AccountSuspended(None).context == {"suspended_until": None}
