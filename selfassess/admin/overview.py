"""The figures on the administrator's home page."""

from __future__ import annotations

from dataclasses import dataclass

from selfassess.admin import versions as version_files
from selfassess.data import accounts, partnerships, versions


@dataclass(frozen=True)
class Overview:
    partnership_count: int
    people_count: int
    admin_count: int
    adviser_count: int
    version_count: int
    files_to_load: int


def overview() -> Overview:
    everyone = accounts.all_accounts()
    return Overview(
        partnership_count=len(partnerships.all_partnerships()),
        people_count=sum(1 for account in everyone if account.erased_at is None),
        admin_count=sum(1 for account in everyone if account.is_admin),
        adviser_count=sum(1 for account in everyone if account.is_adviser),
        version_count=len(versions.all_versions()),
        files_to_load=sum(1 for f in version_files.questionnaire_files() if f.loadable),
    )
