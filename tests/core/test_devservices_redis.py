"""The embedded Redis stops when the last process using it exits (no server left behind)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = textwrap.dedent(
    """
    from config import devservices
    print(devservices.start_redis())
    """
)


def _run(var_dir: Path) -> str:
    env = {**os.environ, "HARU_VAR_DIR": str(var_dir), "HARU_QUIET_SERVICES": "1"}
    env.pop("REDIS_URL", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_redis_started_by_a_process_stops_when_it_exits(tmp_path):
    var_dir = tmp_path / "v"  # short: unix socket paths are limited
    socket_file = _run(var_dir)
    assert socket_file

    env = {**os.environ, "HARU_VAR_DIR": str(var_dir), "HARU_QUIET_SERVICES": "1"}
    status = subprocess.run(
        [sys.executable, "-m", "config.devservices", "status"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "redis: stopped" in status.stdout, status.stdout
