"""The inventory CSV: stored whole, or refused whole with the row and column of each problem."""

import pytest

from core.errors import InvalidInput
from sectors.cyber.inventory import import_csv
from sectors.cyber.models import InformationSystem
from tests.cyber.world import CyberWorld

HEADER = "code,name,owner,hosting,security_level,level_dossier_approved,last_assessed_on\n"


def test_systems_are_created_and_updated(cyber: CyberWorld) -> None:
    result = import_csv(HEADER + "cong-dvc,Cổng DVC mới,so-tc,gov_cloud,4,có,2026-01-15\n"
                        "moi,Hệ thống mới,so-yt,agency,2,,\n")  # fmt: skip
    assert (result.created, result.updated) == (1, 1)
    portal = InformationSystem.objects.get(code="cong-dvc")
    assert (portal.security_level, portal.hosting, portal.level_dossier_approved) == (4, "gov_cloud", True)
    assert InformationSystem.objects.get(code="moi").last_assessed_on is None


def test_a_file_with_a_bad_row_is_refused_whole(cyber: CyberWorld) -> None:
    with pytest.raises(InvalidInput) as refused:
        import_csv(HEADER + "moi,Hệ thống mới,so-yt,agency,2,,\nsai,Sai,khong-co,agency,7,,15/01/2026\n")
    message = refused.value.message
    assert "row 3" in message and "khong-co" in message and "1 to 5" in message and "YYYY-MM-DD" in message
    assert not InformationSystem.objects.filter(code="moi").exists()
