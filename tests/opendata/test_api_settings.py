"""The API's anonymous rate limit is configured from the environment like every other setting."""

from __future__ import annotations

import subprocess
import sys


def test_the_anonymous_rate_limit_and_its_window_come_from_the_environment(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.API_ANON_RATE_LIMIT, settings.API_ANON_RATE_WINDOW_S)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "jahesh.config.settings",
        "JAHESH_DATA_DIR": str(tmp_path),
        "JAHESH_API_ANON_RATE_LIMIT": "7",
        "JAHESH_API_ANON_RATE_WINDOW_S": "30",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["7", "30"]
