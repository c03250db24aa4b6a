"""``asb interview``, ``asb appendix2``, ``asb exception`` and ``asb case flags``: the window's casework from
the command line, over the same services, with the same rules. Bad input exits 2 naming the field, a
rule's refusal exits 1, and neither writes anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from asb_desktop.cli import main
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.db import make_engine, upgrade
from tests.integration.case_factory import complete_peia

REPORT = {
    "channel": "telephone", "received_at": "2026-11-16 10:00", "categories": ["Noise"],
    "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}},
                {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}],
    "incidents": [{"started_at": "2026-11-15 23:30", "description": "Loud music"}],
}
REF = "ASB-2026-00001"


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    engine = make_engine(db_url)
    upgrade(engine, tmp_path / "backups")
    admin = Services(Context(engine, sign_in(engine), tmp_path / "data"))
    for username, name, role in (("olu", "Olu Officer", "officer"), ("mia", "Mia Manager", "manager"),
                                 ("ada", "Ada Admin", "administrator")):
        admin.users.add(username, name, [role])
    engine.dispose()

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    path = tmp_path / "report.json"
    path.write_text(json.dumps(REPORT), encoding="utf-8")
    assert run("--user", "olu", "case", "new", str(path))[0] == 0
    return run


def _case(asb) -> dict:  # noqa: ANN001
    return json.loads(asb("--user", "olu", "case", "show", REF, "--json")[1])


def _changes(asb) -> int:  # noqa: ANN001
    trail = json.loads(asb("--user", "mia", "audit", REF, "--json")[1])
    return len([e for e in trail if e["action"] not in ("view", "denied")])  # a refusal is audited, not a change


def test_interview_add_list_and_refusals(asb) -> None:  # noqa: ANN001
    code, out, err = asb("--user", "olu", "interview", "add", REF, "--kind", "complainant", "--at", "2026-11-21 10:30",
                         "--answer", "problem=Loud music every night.", "--place", "Community centre",
                         "--supporter", "Jo Advocate", "--interpreter", "Amira Haddad",
                         "--interpreter-relationship", "professional", "--sensitive")
    assert code == 0, err
    assert "Interview recorded" in out and "Still to cover" in out
    code, out, _ = asb("--user", "olu", "interview", "list", REF, "--json")
    [row] = json.loads(out)
    assert row["place"] == "Community centre" and row["supporter"] == "Jo Advocate" and row["sensitive"] is True
    code, out, _ = asb("--user", "olu", "interview", "list", REF)
    assert code == 0 and "Amira Haddad (professional)" in out
    before = _changes(asb)
    for bad, field in ((["--kind", "witness"], "kind"), (["--at", "tomorrow-ish"], "at"),
                       (["--answer", "colour=blue"], "points.colour"), (["--answer", "no equals"], "answer"),
                       (["--interpreter", "Sami", "--interpreter-age", "ten"], "interpreter-age"),
                       (["--interpreter", "Sami", "--interpreter-born", "31/02/2010"], "interpreter-born")):
        args = {"--kind": "complainant", "--at": "2026-11-21 11:00"}
        extra = list(bad)
        for key in list(args):
            if key in extra:
                args.pop(key)
        flat = [x for kv in args.items() for x in kv]
        code, out, err = asb("--user", "olu", "interview", "add", REF, *flat, *extra)
        assert code == 2 and out == "" and field in err, (bad, err)
    # 7.2: a family member under 18 never interprets sensitive content
    code, out, err = asb("--user", "olu", "interview", "add", REF, "--kind", "complainant", "--at", "2026-11-21 11:00",
                         "--interpreter", "Sami", "--interpreter-relationship", "son", "--interpreter-age", "14",
                         "--sensitive")
    assert code == 1 and out == "" and "under 18" in err and "7.2" in err
    assert _changes(asb) == before
    assert len(json.loads(asb("--user", "olu", "interview", "list", REF, "--json")[1])) == 1


def test_appendix2_answer_complete_sign_show(asb, tmp_path: Path) -> None:  # noqa: ANN001
    before = _changes(asb)
    code, out, err = asb("--user", "olu", "appendix2", "answer", REF, "--answer", "colour=blue")
    assert code == 2 and "answer.colour" in err
    code, out, err = asb("--user", "olu", "appendix2", "answer", REF, "--answer", "proportionate=perhaps")
    assert code == 2 and "answer.proportionate" in err
    code, out, err = asb("--user", "olu", "appendix2", "answer", REF, "--file", str(tmp_path / "missing.json"))
    assert code == 2 and "missing.json" in err
    code, out, err = asb("--user", "olu", "appendix2", "sign", REF)  # the rule: completed before it is signed
    assert code == 1 and "completed before it is signed" in err
    assert _changes(asb) == before
    answers = complete_peia()
    answers.pop("conclusion")
    path = tmp_path / "peia.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    code, out, err = asb("--user", "olu", "appendix2", "answer", REF, "--file", str(path),
                         "--answer", "conclusion=Possession is proportionate.", "--answer", "proportionate=yes")
    assert code == 0, err
    code, out, err = asb("--user", "mia", "appendix2", "sign-off", REF)  # officer first
    assert code == 1 and "officer signs" in err
    code, out, err = asb("--user", "olu", "appendix2", "sign-off", REF)  # role check
    assert code == 1 and "manager" in err.lower()
    assert asb("--user", "olu", "appendix2", "sign", REF)[0] == 0
    code, out, err = asb("--user", "mia", "appendix2", "sign-off", REF)
    assert code == 0 and "manager" in out
    code, out, _ = asb("--user", "olu", "appendix2", "show", REF)
    assert code == 0 and "completed" in out and "Olu Officer" in out and "Mia Manager" in out
    shown = json.loads(asb("--user", "olu", "appendix2", "show", REF, "--json")[1])
    assert shown["completed"] and shown["answers"]["conclusion"] == "Possession is proportionate."
    # completing again starts signing again, as in the window
    assert asb("--user", "olu", "appendix2", "complete", REF)[0] == 0
    assert "not signed" in asb("--user", "olu", "appendix2", "show", REF)[1]


def test_exception_reason_and_role(asb) -> None:  # noqa: ANN001
    before = _changes(asb)
    code, out, err = asb("--user", "olu", "exception", REF, "--reason", "  ")
    assert code == 2 and out == "" and "reason" in err
    code, out, err = asb("--user", "ada", "exception", REF, "--reason", "Drugs found in the flat.")
    assert code == 1 and out == "" and "cannot change" in err
    assert _changes(asb) == before and not _case(asb)["legal_exception"]
    code, out, _ = asb("--user", "olu", "exception", REF, "--reason", "Drugs found in the flat.")
    assert code == 0 and _case(asb)["legal_exception"] == "Drugs found in the flat."


def test_case_flags_with_version_check(asb) -> None:  # noqa: ANN001
    case = _case(asb)
    assert not case["serious"] and not case["safeguarding_concern"]
    before = _changes(asb)
    for bad, field in ((["--serious", "maybe"], "serious"), (["--domestic-abuse", "no"], "domestic-abuse"),
                       ([], "flags")):
        code, out, err = asb("--user", "olu", "case", "flags", REF, *bad)
        assert code == 2 and out == "" and field in err, (bad, err)
    code, out, err = asb("--user", "olu", "case", "flags", REF, "--serious", "yes",
                         "--expect-version", str(case["version"] + 5))
    assert code == 1 and "changed by someone else" in err
    code, out, err = asb("--user", "ada", "case", "flags", REF, "--serious", "yes")
    assert code == 1 and "cannot change" in err
    assert _changes(asb) == before and not _case(asb)["serious"]
    code, out, err = asb("--user", "olu", "case", "flags", REF, "--serious", "yes", "--safeguarding-concern", "yes",
                         "--domestic-abuse", "yes", "--expect-version", str(case["version"]))
    assert code == 0, err
    after = _case(asb)
    assert after["serious"] and after["safeguarding_concern"] and after["domestic_abuse"]
    assert after["version"] > case["version"]
    assert any(t["kind"] == "domestic_abuse" for t in after["tasks"])
    assert asb("--user", "olu", "case", "flags", REF, "--serious", "no")[0] == 0
    assert not _case(asb)["serious"]
