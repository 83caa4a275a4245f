import json
import subprocess
import sys
from pathlib import Path

from django.core.files.base import ContentFile

from jahesh.config.storage import ForgivingManifestStaticFilesStorage

STRONG_KEY = "q7Wm2xLp9Rt4Vz8Kd3Nf6Hj1Bc5Gy0Es-Ua_Ti.Ol"


def test_a_stylesheet_naming_a_missing_image_is_hashed_and_the_reference_left_as_written(
    tmp_path, settings
):
    settings.STATIC_ROOT = tmp_path
    storage = ForgivingManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    storage.save(
        "theme/app.css", ContentFile(b"a{background:url(img/there.png)}b{x:url(img/gone.png)}")
    )
    storage.save("theme/img/there.png", ContentFile(b"png"))
    paths = {name: (storage, name) for name in ("theme/app.css", "theme/img/there.png")}

    outcomes = list(storage.post_process(paths))

    assert [o for o in outcomes if isinstance(o[2], Exception)] == []
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    css = storage.open(manifest["theme/app.css"]).read().decode()
    assert f'url("{manifest["theme/img/there.png"].removeprefix("theme/")}")' in css
    assert "url(img/gone.png)" in css


def test_each_stylesheets_missing_references_are_logged_once_however_many_passes(
    tmp_path, settings, caplog
):
    settings.STATIC_ROOT = tmp_path
    storage = ForgivingManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    # Two stylesheets, one naming the other, so Django passes over them more than once.
    storage.save("t/a.css", ContentFile(b"a{x:url(b.css)}c{x:url(gone.png)}d{x:url(gone.png)}"))
    storage.save("t/b.css", ContentFile(b"b{x:url(lost.gif)}e{x:url(img/gone.png)}"))
    paths = {name: (storage, name) for name in ("t/a.css", "t/b.css")}

    with caplog.at_level("DEBUG", logger="jahesh.config.storage"):
        list(storage.post_process(paths))

    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        "t/a.css: 1 reference(s) to files that do not exist left unhashed: gone.png",
        "t/b.css: 2 reference(s) to files that do not exist left unhashed: img/gone.png, lost.gif",
    ]
    assert len([r for r in caplog.records if r.levelname == "DEBUG"]) > len(warnings)


def test_collectstatic_in_production_mode_writes_a_manifest_for_every_installed_app(tmp_path):
    """django-jalali's jquery-ui.min.css names images its wheel lacks; the build used to stop."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "jahesh.config.settings",
        "JAHESH_DATA_DIR": str(tmp_path / "data"),
        "JAHESH_STATIC_ROOT": str(tmp_path / "static"),
        "JAHESH_PRODUCTION": "true",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "jahesh.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-m", "jahesh.config.cli", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads(Path(tmp_path / "static/staticfiles.json").read_text())["paths"]
    assert "admin/jquery.ui.datepicker.jalali/themes/base/jquery-ui.min.css" in manifest
    assert "admin/css/base.css" in manifest
    # django-jalali's five missing theme images: one line, not one per image and pass.
    storage_lines = [line for line in result.stderr.splitlines() if "jahesh.config.storage" in line]
    assert len(storage_lines) == 1, storage_lines
    line = json.loads(storage_lines[0])
    assert line["level"] == "WARNING"
    assert "jquery-ui.min.css: 5 reference(s)" in line["message"]
