"""Safety use cases (blocks, reports, staff actions) and the shared ``Visibility`` rule."""

from __future__ import annotations

from uuid import UUID

from dishka import AsyncContainer, Provider, Scope, provide

from souk.application.safety.block_user import BlockUser
from souk.application.safety.file_report import FileReport
from souk.application.safety.list_blocks import ListBlocks
from souk.application.safety.list_reports import ListReports
from souk.application.safety.look_up_listings import LookUpListings
from souk.application.safety.look_up_user import LookUpUser
from souk.application.safety.moderation import Moderation
from souk.application.safety.my_reports import MyReports
from souk.application.safety.read_audit_log import ReadAuditLog
from souk.application.safety.reinstate_user import ReinstateUser
from souk.application.safety.remove_comment import RemoveComment
from souk.application.safety.report_targets import ReportTargets
from souk.application.safety.resolve_report import ResolveReport
from souk.application.safety.staff_take_down_stream import StaffTakeDownStream
from souk.application.safety.suspend_user import SuspendUser
from souk.application.safety.take_down_product import TakeDownProduct
from souk.application.safety.unblock_user import UnblockUser
from souk.application.shared.staff import StaffGate
from souk.application.shared.visibility import Visibility
from souk.bootstrap import keys
from souk.bootstrap.settings import Settings
from souk.entrypoints.http.console.auth import ConsoleKey


class ScopedVisibility(Visibility):
    """``Visibility`` for process-wide use cases (``JoinStream``): each question in a
    request scope of its own, as ``ScopedAudienceDirectory`` does for admission reads."""

    def __init__(self, container: AsyncContainer) -> None:  # no super().__init__(): every method delegates
        self._container = container

    async def ensure_apart(self, actor_id: UUID, other_id: UUID) -> None:
        async with self._container() as request:
            await (await request.get(Visibility)).ensure_apart(actor_id, other_id)

    async def apart(self, a: UUID, b: UUID) -> bool:
        async with self._container() as request:
            return await (await request.get(Visibility)).apart(a, b)

    async def hidden_from(self, viewer_id: UUID | None) -> frozenset[UUID]:
        async with self._container() as request:
            return await (await request.get(Visibility)).hidden_from(viewer_id)


class ConsoleProvider(Provider):
    scope = Scope.APP

    @provide
    def console_key(self, settings: Settings) -> ConsoleKey:
        return ConsoleKey(keys.console_key(settings))


class SafetyUseCasesProvider(Provider):
    scope = Scope.REQUEST

    visibility = provide(Visibility)
    block = provide(BlockUser)
    unblock = provide(UnblockUser)
    list_blocks = provide(ListBlocks)
    gate = provide(StaffGate)
    targets = provide(ReportTargets)
    moderation = provide(Moderation)
    file_report = provide(FileReport)
    my_reports = provide(MyReports)
    list_reports = provide(ListReports)
    resolve_report = provide(ResolveReport)
    suspend = provide(SuspendUser)
    reinstate = provide(ReinstateUser)
    take_down_product = provide(TakeDownProduct)
    take_down_stream = provide(StaffTakeDownStream)
    remove_comment = provide(RemoveComment)
    audit_log = provide(ReadAuditLog)
    look_up_user = provide(LookUpUser)
    look_up_listings = provide(LookUpListings)
