"""The third-party OGC API Features suite (ogctests, PyPI) passes its features/core tests against a live server.

It runs in its own process (its pytest session cannot share ours) with pytest-django switched off. The served
collections are the public points of the fixture and the layers the migrations publish; the suite walks every one.
"""

import os
import subprocess
import sys

import pytest
from pytest_django.live_server_helper import LiveServer

from layers.models import Layer

pytest.importorskip("ogctests")
RUN = (
    "import sys; from ogctests.main import run_ogctests; "
    "sys.exit(run_ogctests('features/core', sys.argv[1], sys.argv[2:]))"
)
FLAGS = ["-p", "no:django", "-p", "no:cacheprovider", "-c", os.devnull, "-q", "-rfE", "--tb=line", "-W", "ignore"]


@pytest.mark.django_db(transaction=True)
def test_ogctests_features_core_passes(live_server: LiveServer, points: Layer, tmp_path: object) -> None:
    # Only the fixture's points: the built-in layers start empty here, and the suite fails an empty collection.
    Layer.objects.exclude(pk=points.pk).update(published_ogc=False)
    result = subprocess.run(
        [sys.executable, "-c", RUN, f"{live_server.url}/ogc", *FLAGS, f"--rootdir={tmp_path}"],
        capture_output=True, text=True, timeout=180, cwd=str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
