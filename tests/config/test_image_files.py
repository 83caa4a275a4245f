"""The container files agree with the repository: what the Dockerfile copies exists and reaches the
build, compose gives nginx every variable the site file uses, and its commands are Jahesh's."""

import fnmatch
import re
import shlex
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]


def dockerfile_lines() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def ignored(path: str) -> bool:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = path.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    return any(fnmatch.fnmatch(prefix, pattern) for prefix in prefixes for pattern in patterns)


def test_what_the_dockerfile_copies_is_in_the_build_context():
    copied = [
        source
        for line in dockerfile_lines()
        if line.startswith("COPY ") and "--from=" not in line
        for source in line.split()[1:-1]
    ]
    assert "requirements.lock" in copied
    assert "src" in copied
    for source in copied:
        assert (ROOT / source).exists(), source
        assert not ignored(source), f"{source} is excluded by .dockerignore"
    for secret in ("secrets/secret_key", "deploy/tls/privkey.pem", ".git/config", ".venv/bin"):
        assert ignored(secret), f"{secret} would be sent to the build"


def test_the_image_runs_as_uid_10001_and_serves_what_compose_serves():
    lines = dockerfile_lines()
    assert "USER jahesh" in lines
    assert any("--uid 10001" in line for line in lines)
    cmd = next(line for line in lines if line.startswith("CMD "))
    assert yaml.safe_load(cmd.removeprefix("CMD ")) == compose()["services"]["web"]["command"]


def test_nginx_in_compose_gets_every_variable_the_site_file_uses():
    template = (ROOT / "deploy/nginx/jahesh.conf.template").read_text()
    used = set(re.findall(r"\$\{(JAHESH_[A-Z_]+)\}", template))
    nginx = compose()["services"]["nginx"]
    given = {name for name in nginx["environment"] if name.startswith("JAHESH_")}
    assert used
    assert used <= given, used - given
    assert any(
        volume.startswith("./deploy/nginx/jahesh.conf.template:/etc/nginx/templates/")
        for volume in nginx["volumes"]
    )


def test_compose_commands_secrets_and_volumes_exist():
    spec = compose()
    known = get_commands()
    for name, service in spec["services"].items():
        command = service.get("command")
        if command and command[0] in ("jahesh", "sh"):
            words = shlex.split(command[2]) if command[0] == "sh" else command
            for at, word in enumerate(words):
                if word == "jahesh":
                    assert words[at + 1] in known, f"{name}: jahesh {words[at + 1]}"
        for secret in service.get("secrets", []):
            assert secret in spec["secrets"], f"{name}: secret {secret}"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source.startswith("./") or source in spec["volumes"], f"{name}: {source}"
    for secret in spec["secrets"].values():
        assert secret["file"].startswith("./secrets/")


def test_the_offline_build_sets_the_base_the_dockerfile_declares():
    script = ROOT / "deploy" / "image-offline"
    assert script.stat().st_mode & 0o111, "deploy/image-offline is not executable"
    passed = set(re.findall(r"--build-arg (\w+)=", script.read_text()))
    declared = {
        line.split()[1].split("=")[0] for line in dockerfile_lines() if line.startswith("ARG ")
    }
    assert passed
    assert passed <= declared, passed - declared
