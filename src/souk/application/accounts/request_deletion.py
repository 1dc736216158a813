from __future__ import annotations

from uuid import UUID

from souk.application.accounts.otp_redeemer import OtpRedeemer
from souk.application.accounts.revoked_sessions import RevokedSessions, end_sessions
from souk.application.events import EventRecorder
from souk.application.ports.account_deletions import AccountDeletions
from souk.application.ports.account_eraser import AccountEraser
from souk.application.ports.job_queue import JobQueue, JobRequest
from souk.application.ports.password_hasher import PasswordHasher
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import OtpInvalid, OtpLocked, UserNotFound
from souk.domain.accounts.otp import OtpPurpose
from souk.domain.privacy.deletion import DeletionRequest
from souk.domain.privacy.errors import ConfirmationRequired, WrongConfirmation

PURGE_ACCOUNT_JOB = "privacy.purge_account"


class RequestAccountDeletion:
    """``DELETE /users/me``: confirmed with the password or a sign-in OTP code, the
    account's listings leave the feeds and every session ends at once; the erasure itself
    waits out the grace period (a job scheduled for then), and signing in again calls it
    off (``SessionIssuer``)."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        hasher: PasswordHasher,
        otps: OtpRedeemer,
        deletions: AccountDeletions,
        eraser: AccountEraser,
        refresh_tokens: RefreshTokenRepository,
        events: EventRecorder,
        revoked: RevokedSessions,
        jobs: JobQueue,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._users = users
        self._hasher = hasher
        self._otps = otps
        self._deletions = deletions
        self._eraser = eraser
        self._refresh_tokens = refresh_tokens
        self._events = events
        self._revoked = revoked
        self._jobs = jobs
        self._clock = clock

    async def __call__(
        self, user_id: UUID, session_id: UUID, password: str | None, otp_code: str | None, client_ip: str
    ) -> DeletionRequest:
        user = await self._users.get(user_id)
        if user is None:
            raise UserNotFound()
        if password is not None:
            if not await self._hasher.verify(user.password_hash, password):
                raise WrongConfirmation()
        elif otp_code is not None:
            if user.phone is None:
                raise WrongConfirmation("You have no phone to receive a code: confirm with your password.")
            try:  # a wrong code still counts as an attempt (the redeemer commits it)
                confirmed = await self._otps.redeem(
                    user.phone.value, OtpPurpose.LOGIN, otp_code, client_ip, consume=True
                )
            except (OtpInvalid, OtpLocked) as exc:
                raise WrongConfirmation(exc.detail) from None
            if confirmed.id != user.id:
                raise WrongConfirmation()
        else:
            raise ConfirmationRequired()
        now = self._clock.now()
        request = await self._deletions.request(user_id, now)
        await self._eraser.archive_listings(user_id)
        stamp = int(request.requested_at.timestamp())
        await self._jobs.enqueue(
            JobRequest(
                PURGE_ACCOUNT_JOB, {"user_id": str(user_id)}, key=f"purge:{user_id}:{stamp}", run_at=request.purge_after
            )
        )
        ended = set(await self._refresh_tokens.revoke_all_for_user(user_id, now, keep=None)) | {session_id}
        await end_sessions(self._uow, self._events, self._revoked, user_id, ended, "account_deleted", now)
        await self._events.publish()
        return request
