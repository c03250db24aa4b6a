"""The ``asb`` command end to end, on a real SQLite file (and PostgreSQL via --db)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from asb_desktop.cli import main

REPORT = {
    "channel": "telephone", "received_at": "2026-11-16 10:00", "categories": ["Noise"],
    "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien-Łukasiewicz",
                                                   "address": "1 High Street", "phone": "01234 567890"}},
                {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}],
    "incidents": [{"started_at": "2026-11-15 23:30", "ended_at": "2026-11-16 01:00", "description": "Loud music"}],
}


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_report_contacts_close_and_audit(asb, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "report.json"
    path.write_text(json.dumps(REPORT), encoding="utf-8")
    code, out, _ = asb("case", "new", str(path))
    assert code == 0 and "Logged ASB-2026-00001" in out and "3 working days" in out
    assert asb("contact", "ASB-2026-00001", "--method", "telephone", "--outcome", "no_answer")[0] == 0
    code, out, _ = asb("contact", "ASB-2026-00001", "--method", "telephone", "--outcome", "no_answer")
    assert "Task raised" in out and "7.6" in out
    code, out, _ = asb("cases", "--search", "Łukasiewicz", "--json")
    rows = json.loads(out)
    assert [r["reference"] for r in rows] == ["ASB-2026-00001"]
    assert rows[0]["complainant"] == "Zoë Ó'Brien-Łukasiewicz"
    code, out, _ = asb("remedy", "ASB-2026-00001", "--gate")
    assert code == 1 and "14.1" in out
    code, out, err = asb("case", "close", "ASB-2026-00001", "--reason", "bored")
    assert code == 2 and err.startswith("asb: error:") and "nuisance_ceased" in err
    assert asb("contact", "ASB-2026-00001", "--method", "telephone", "--outcome", "spoke")[0] == 0
    assert asb("case", "close", "ASB-2026-00001", "--reason", "nuisance_ceased")[0] == 0
    code, out, _ = asb("audit", "ASB-2026-00001", "--json")
    actions = [e["action"] for e in json.loads(out)]
    assert "create" in actions and actions.count("change") >= 1


def test_bad_input_is_one_line_and_changes_nothing(asb, tmp_path: Path) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**REPORT, "received_at": "2026-13-45 10:00"}), encoding="utf-8")
    code, out, err = asb("case", "new", str(bad))
    assert code == 2 and err.strip().count("\n") == 0 and "received_at" in err and "real date" in err
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    code, _, err = asb("case", "new", str(broken))
    assert code == 2 and "not valid JSON" in err
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"channel": "telephone", "received_at": "2026-11-20 10:00"}), encoding="utf-8")
    code, _, err = asb("case", "new", str(empty))
    assert code == 2 and "categories" in err and "the report is empty" in err
    code, out, err = asb("case", "show", "ASB-2026-00077")
    assert code == 1 and "no case ASB-2026-00077" in err
    assert json.loads(asb("cases", "--json")[1]) == []


def test_errors_never_show_a_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "asb_desktop.cli", "--db", "postgresql://nobody@127.0.0.1:1/x",
                           "--data-dir", str(tmp_path), "cases"], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("asb: ")
    assert proc.stderr.strip().count("\n") == 0


def test_help_lists_the_commands() -> None:
    proc = subprocess.run([sys.executable, "-m", "asb_desktop.cli", "--help"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0
    for command in ("init", "demo", "cases", "case", "audit", "backup", "restore"):
        assert command in proc.stdout


def test_export_import_between_databases(asb, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    path = tmp_path / "report.json"
    path.write_text(json.dumps(REPORT), encoding="utf-8")
    assert asb("case", "new", str(path))[0] == 0
    code, out, _ = asb("case", "counter-allegation", "ASB-2026-00001", "--summary", "Says the music is theirs")
    assert code == 0 and "ASB-2026-00002" in out
    exported = tmp_path / "case.json"
    assert asb("case", "export", "ASB-2026-00002", "--out", str(exported))[0] == 0
    other = ["--db", f"sqlite:///{tmp_path / 'other.sqlite'}", "--data-dir", str(tmp_path / "other")]
    code = main([*other, "case", "import", str(exported)])
    err = capsys.readouterr().err
    assert code == 2 and "case_links[0].linked_reference" in err and "ASB-2026-00001" in err
    assert main([*other, "cases", "--json"]) == 0 and json.loads(capsys.readouterr().out) == []
    assert main([*other, "case", "import", str(exported), "--skip-missing-links"]) == 0
    assert "Imported as ASB-2026-00002" in capsys.readouterr().out
    assert main([*other, "case", "show", "ASB-2026-00002", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["reference"] == "ASB-2026-00002" and shown["links"] == []


def test_tasks_from_the_command_line(asb, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "report.json"
    path.write_text(json.dumps(REPORT), encoding="utf-8")
    assert asb("case", "new", str(path))[0] == 0
    ref = "ASB-2026-00001"
    code, out, err = asb("task", "add", ref, "--kind", "general", "--due", "2099-12-01", "--title", "Visit Zoë")
    assert code == 0 and out.startswith("Task #") and "Visit Zoë" in out and "01/12/2099" in out, err
    task_id = out.split()[1].lstrip("#")
    code, out, _ = asb("case", "show", ref)
    assert f"#{task_id}" in out
    code, _, err = asb("task", "add", ref, "--due", "2020-01-01", "--title", "Too late")
    assert code == 2 and "due: 01/01/2020 is in the past" in err
    code, _, err = asb("task", "add", ref, "--due", "someday", "--title", "Vague")
    assert code == 2 and "due:" in err and "real date" in err
    code, _, err = asb("task", "assign", ref, task_id, "nobody")
    assert code == 2 and "assign to: there is no active user called 'nobody'" in err
    assert asb("user", "add", "amira.khan", "Amira Khan", "--role", "officer")[0] == 0
    code, out, err = asb("task", "assign", ref, task_id, "amira.khan")
    assert code == 0 and f"Task #{task_id} assigned: Visit Zoë" in out and "for Amira Khan" in out, err
    code, _, err = asb("task", "due", ref, task_id, "2099-12-08", "--reason", " ")
    assert code == 2 and err.startswith("asb: error: reason:")
    code, out, _ = asb("task", "due", ref, task_id, "2099-12-08", "--reason", "Complainant away")
    assert code == 0 and "moved" in out and "08/12/2099" in out
    code, out, _ = asb("task", "done", ref, task_id)
    assert code == 0 and f"Task #{task_id} done: Visit Zoë" in out
    code, _, err = asb("task", "done", ref, task_id)
    assert code == 2 and "already completed" in err
    code, _, err = asb("task", "done", ref, "999999")
    assert code == 1 and "There is no task 999999" in err
    code, out, _ = asb("audit", ref, "--json")
    summaries = [e["summary"] for e in json.loads(out)]
    assert any("due date moved from 01/12/2099 to 08/12/2099: Complainant away" in s for s in summaries)


def test_the_command_line_reads_uk_dates_and_says_why_a_day_does_not_exist(asb, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "report.json"
    path.write_text(json.dumps(REPORT), encoding="utf-8")
    assert asb("case", "new", str(path))[0] == 0
    code, out, err = asb("task", "add", "ASB-2026-00001", "--due", "01/12/2099", "--title", "Visit")
    assert code == 0 and "01/12/2099" in out, err
    code, _, err = asb("task", "add", "ASB-2026-00001", "--due", "31/02/2099", "--title", "Visit")
    assert code == 2 and "due: 31/02/2099 is not a date: February 2099 has 28 days" in err
