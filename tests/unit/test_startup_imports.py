"""Starting the window loads only what the first page needs: the media, PDF and document libraries, the
evidence, documents and court packages and Alembic (on an up-to-date database) load when first used."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

HEAVY = ("numpy", "PIL", "reportlab", "docx", "pikepdf", "av", "pypdfium2", "soundfile", "alembic",
         "asb_desktop.evidence", "asb_desktop.documents", "asb_desktop.court",
         "PySide6.QtCharts", "PySide6.QtPdf", "PySide6.QtMultimedia", "PySide6.QtTextToSpeech")

START = """
import json, sys
from asb_desktop.app import main
status = main(["--no-welcome", "--no-demo", "--quit-after", "1"])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def test_starting_the_main_window_loads_no_heavy_library(tmp_path: Path) -> None:
    from asb_desktop.demo.generate import generate
    from asb_desktop.storage.db import make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'asb.sqlite'}")
    upgrade(engine)
    generate(engine, 30, seed=2, today=date(2026, 11, 23))
    engine.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ASB_DATA_DIR": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}  # no remembered page from another run
    env.pop("ASB_DATABASE_URL", None)
    proc = subprocess.run([sys.executable, "-c", START], env=env, capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["status"] == 0, proc.stderr
    modules = set(report["modules"])
    assert "asb_desktop.ui.main_window" in modules and "sqlalchemy" in modules  # it really started
    assert sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)) == []


def test_schema_heads_read_without_alembic_match_alembic() -> None:
    from asb_desktop.storage.db import _declared_heads, head_revision

    assert _declared_heads() == head_revision()
