import subprocess
import sys


def jahesh(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jahesh.config.cli", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_console_command_runs_django_management_commands():
    result = jahesh("check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_config_lists_variables_and_masks_secrets(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://user:very-secret@127.0.0.1:6399/0")
    result = jahesh("config")
    assert result.returncode == 0, result.stderr
    assert "JAHESH_DATA_DIR" in result.stdout
    assert "very-secret" not in result.stdout


def test_hyphenated_command_names_reach_their_django_command():
    result = jahesh("export-site", "--help")
    assert result.returncode == 0, result.stderr
