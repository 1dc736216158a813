"""Data rights: export and account deletion use cases, and the archive links."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from souk.adapters.security.hmac_archive_links import HmacArchiveLinks
from souk.application.accounts.purge_account import PurgeAccount, PurgeDueAccounts
from souk.application.accounts.request_deletion import RequestAccountDeletion
from souk.application.ports.archive_links import ArchiveLinks
from souk.application.privacy.build_export import BuildExport
from souk.application.privacy.download_export import DownloadExport
from souk.application.privacy.request_export import RequestExport
from souk.bootstrap import keys
from souk.bootstrap.settings import Settings


class PrivacyProvider(Provider):
    scope = Scope.REQUEST

    @provide(scope=Scope.APP)
    def archive_links(self, settings: Settings) -> ArchiveLinks:
        base = settings.public_base_url or settings.listen_url
        return HmacArchiveLinks(keys.archive_link_key(settings), base)

    request_export = provide(RequestExport)
    build_export = provide(BuildExport)
    download_export = provide(DownloadExport)
    request_deletion = provide(RequestAccountDeletion)
    purge = provide(PurgeAccount)
    purge_due = provide(PurgeDueAccounts)
