"""The ``asb`` command refuses a closure the facts do not support and a first response in the
future: exit 2, one plain line naming what is wrong, nothing written."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from asb_desktop.cli import main

REPORT = {
    "channel": "telephone", "received_at": "2026-10-01 10:00", "categories": ["Noise"],
    "domestic_abuse": True,
    "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien",
                                                   "address": "1 High Street", "phone": "01234 567890"}}],
    "incidents": [{"started_at": "2026-09-30 23:30", "description": "Loud music"}],
}
REF = "ASB-2026-00001"


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    path = tmp_path / "report.json"
    path.write_text(json.dumps(REPORT), encoding="utf-8")
    assert run("case", "new", str(path))[0] == 0
    return run


def _show(asb) -> dict:  # noqa: ANN001
    return json.loads(asb("case", "show", REF, "--json")[1])


def test_close_refused_with_exit_2_and_nothing_written(asb) -> None:  # noqa: ANN001
    yesterday = datetime.now().replace(second=0, microsecond=0) - timedelta(days=1)  # the CLI runs on the real clock
    assert asb("contact", REF, "--method", "telephone", "--outcome", "spoke", "--at", f"{yesterday:%Y-%m-%d %H:%M}")[0] == 0
    code, out, err = asb("case", "close", REF, "--reason", "no_contact_four_weeks")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"spoken to on {yesterday:%d %B %Y}" in err and "Safeguarding work is still open" in err
    code, _, err = asb("case", "close", REF, "--reason", "nuisance_ceased",
                       "--manager-decision", "Police lead")
    assert code == 2 and "Only a manager" in err
    detail = _show(asb)
    assert detail["status"] != "closed" and all(t["done_at"] is None for t in detail["tasks"])


def test_first_response_in_the_future_exits_2(asb) -> None:  # noqa: ANN001
    tomorrow = datetime.now() + timedelta(days=1)
    code, out, err = asb("case", "respond", REF, "--at", f"{tomorrow:%Y-%m-%d %H:%M}")
    assert code == 2 and out == "" and err.startswith("asb: error: at:") and "in the future" in err
    assert _show(asb)["responded_at"] is None
    assert asb("case", "respond", REF, "--at", "2026-10-01 15:00")[0] == 0
