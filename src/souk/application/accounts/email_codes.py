"""Issuing and redeeming email challenges: the one place their rules run (used by
verification and by password reset)."""

from __future__ import annotations

import logging

from souk.application.accounts.mail_texts import MailLinks, reset_mail, verification_mail
from souk.application.accounts.otp_settings import OtpKey
from souk.application.ports.email_challenge_repository import EmailChallengeRepository
from souk.application.ports.mail_sender import MailSender
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.ids import new_id
from souk.domain.accounts.email_challenge import (
    EMAIL_CODE_MAX_ATTEMPTS,
    EmailChallenge,
    EmailPurpose,
    link_digest,
)
from souk.domain.accounts.errors import OtpInvalid
from souk.domain.accounts.user import User

log = logging.getLogger(__name__)

_PAGES = {EmailPurpose.VERIFY_EMAIL: "verify-email", EmailPurpose.RESET_PASSWORD: "reset-password"}
_MAILS = {EmailPurpose.VERIFY_EMAIL: verification_mail, EmailPurpose.RESET_PASSWORD: reset_mail}


class EmailCodes:
    def __init__(
        self,
        uow: UnitOfWork,
        challenges: EmailChallengeRepository,
        mail: MailSender,
        links: MailLinks,
        clock: Clock,
        key: OtpKey,
    ) -> None:
        self._uow = uow
        self._challenges = challenges
        self._mail = mail
        self._links = links
        self._clock = clock
        self._key = key

    async def send(self, user: User, purpose: EmailPurpose) -> None:
        """Issue a fresh challenge (earlier ones retired), commit it, then mail it. A failed
        delivery is logged (without the code): the user may ask again."""
        assert user.email is not None
        email = user.email.value
        now = self._clock.now()
        await self._challenges.close_open(email, purpose, now)
        challenge, code, token = EmailChallenge.issue(new_id(), user.id, email, purpose, now, self._key.value)
        await self._challenges.add(challenge)
        await self._uow.commit()
        message = _MAILS[purpose](email, user.display_name, code, self._links.link(_PAGES[purpose], token))
        try:
            await self._mail.send(message)
        except Exception:
            log.exception("mail.failed", extra={"purpose": purpose.value})

    async def redeem_code(self, email: str, purpose: EmailPurpose, code: str) -> EmailChallenge:
        """Spend the newest open challenge of the address with its code (counted attempts)."""
        challenge = await self._challenges.latest_open(email, purpose)
        if challenge is None:
            raise OtpInvalid()
        challenge.ensure_open(self._clock.now())
        if not await self._challenges.claim_attempt(challenge.id, EMAIL_CODE_MAX_ATTEMPTS):
            raise OtpInvalid()
        if not challenge.matches(code.strip(), self._key.value):
            await self._uow.commit()  # the wrong attempt counts
            raise OtpInvalid()
        return await self._consume(challenge)

    async def redeem_link(self, token: str, purpose: EmailPurpose) -> EmailChallenge:
        challenge = await self._challenges.by_link(link_digest(token))
        if challenge is None or challenge.purpose is not purpose or challenge.consumed_at is not None:
            raise OtpInvalid()
        challenge.ensure_open(self._clock.now())
        return await self._consume(challenge)

    async def _consume(self, challenge: EmailChallenge) -> EmailChallenge:
        if not await self._challenges.consume(challenge.id, self._clock.now()):
            raise OtpInvalid()
        return challenge
