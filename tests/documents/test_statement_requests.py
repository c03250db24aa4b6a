"""A witness's change requests and signing (SQLite and PostgreSQL): a statement is not made final, nor
signed, while a request is open; each is resolved as changed (linked to the new version) or declined
with a reason the witness is shown before signing; the CLI resolves and lists them."""

from __future__ import annotations

import io

import pytest
from doc_helpers import CLAIM, COURT, ZOE, DocCase
from PIL import Image

from asb_desktop.cli import main
from asb_desktop.domain import signing
from asb_desktop.services.kernel.errors import RuleBlocked, ValidationError


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(buf, "PNG")
    return buf.getvalue()


def _final(case: DocCase) -> int:
    """A clean statement, made final: ready for the witness to read and sign."""
    svc, ref = case.svc.statements, case.reference
    n = svc.draft(ref, ZOE, evidence=[case.exhibit_uid], court=COURT, claim_number=CLAIM).number
    paragraphs = [t.replace("[say what happened]", "I heard a loud bang on my door") for _, t in svc.get(ref, n).paragraphs]
    svc.edit(ref, n, paragraphs, note="filled in")
    case.svc.signing.finalise(ref, n)
    return n


def test_the_reported_scenario_is_refused(case: DocCase) -> None:
    """The witness asks for a change; the officer edits an unrelated point and tries to finalise and sign."""
    svc, ref = case.svc.statements, case.reference
    n = _final(case)
    uid = case.svc.signing.request_change(ref, n, 2, "I moved in on 7 April 2025, not in March.")
    assert svc.get(ref, n).status == "draft"  # asking for a change takes the statement out of final
    paragraphs = [t for _, t in svc.get(ref, n).paragraphs]
    paragraphs[-1] += " The noise was every night."
    svc.edit(ref, n, paragraphs, note="unrelated point")
    with pytest.raises(RuleBlocked) as blocked:
        case.svc.signing.finalise(ref, n)
    message = str(blocked.value)
    assert "cannot be made final" in message and "paragraph 2" in message and uid[:8] in message
    with pytest.raises(RuleBlocked) as refused:
        case.svc.signing.sign(ref, n, signature_png=_png())
    assert "cannot be signed" in str(refused.value)
    assert svc.get(ref, n).status == "draft" and [r.uid for r in case.svc.signing.open_requests(ref, n)] == [uid]
    assert [r.uid for r in svc.get(ref, n).open_requests] == [uid]


def test_signing_refused_while_a_request_is_open_on_the_final_version(case: DocCase) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _final(case)
    case.svc.signing.request_change(ref, n, None, "The whole statement should say I live alone.")
    with pytest.raises(RuleBlocked) as refused:
        case.svc.signing.sign(ref, n, signature_png=_png())
    assert "whole statement" in str(refused.value) and svc.get(ref, n).signed_at is None


def test_changed_is_linked_to_the_new_version_then_final_and_signed(case: DocCase) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _final(case)
    uid = case.svc.signing.request_change(ref, n, 2, "I moved in on 7 April 2025.")
    asked = svc.get(ref, n).version
    with pytest.raises(ValidationError) as unchanged:
        case.svc.signing.resolve_request(ref, n, uid, "changed")  # nothing saved since the request
    assert unchanged.value.field == "version"
    with pytest.raises(ValidationError) as bad:
        case.svc.signing.resolve_request(ref, n, uid, "ignored")
    assert bad.value.field == "outcome"
    paragraphs = [t for _, t in svc.get(ref, n).paragraphs]
    paragraphs[1] += " I moved in on 7 April 2025."
    svc.edit(ref, n, paragraphs, note="paragraph 2 as the witness asked")
    done = case.svc.signing.resolve_request(ref, n, uid[:8], "changed")
    assert done.outcome == "changed" and done.resolved_version == asked + 1 and not done.is_open
    with pytest.raises(ValidationError):
        case.svc.signing.resolve_request(ref, n, uid, "declined", "Already dealt with, see version 3.")  # already resolved
    assert case.svc.signing.finalise(ref, n).status == "final"
    case.svc.signing.sign(ref, n, signature_png=_png())
    assert svc.get(ref, n).status == "signed"
    with pytest.raises(RuleBlocked):
        case.svc.signing.request_change(ref, n, 1, "Too late: it is signed.")
    with pytest.raises(RuleBlocked):
        case.svc.signing.finalise(ref, n)


def test_declined_needs_a_reason_the_witness_is_shown(case: DocCase) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _final(case)
    uid = case.svc.signing.request_change(ref, n, 3, "Say the neighbour is a criminal.")
    with pytest.raises(ValidationError) as no_reason:
        case.svc.signing.resolve_request(ref, n, uid, "declined", "  ")
    assert no_reason.value.field == "reason"
    reason = "A statement gives facts you saw or heard, not opinions about the neighbour."
    case.svc.signing.resolve_request(ref, n, uid, "declined", reason)
    info = svc.get(ref, n)
    (declined,) = info.declined_requests
    assert declined.resolution == reason and declined.request.startswith("Say the neighbour") and not info.open_requests
    assert case.svc.signing.finalise(ref, n).status == "final"
    case.svc.signing.sign(ref, n, signature_png=_png())


def test_resolving_all_at_once_records_the_outcome(case: DocCase) -> None:
    ref = case.reference
    n = _final(case)
    first = case.svc.signing.request_change(ref, n, 2, "Add the date I moved in.")
    with pytest.raises(ValidationError):
        case.svc.signing.resolve_requests(ref, n, [first], "no")  # a declined request needs a real reason
    info = case.svc.signing.resolve_requests(ref, n, [first], "Not needed: the tenancy date is in paragraph 1 already.")
    assert [r.outcome for r in info.requests] == ["declined"] and info.declined_requests


def test_pure_rules() -> None:
    open_one = signing.ChangeRequest("abcdef123456", 4, "Change it")
    assert not signing.may_finalise(1, [open_one]).allowed
    assert signing.may_finalise(1, [signing.ChangeRequest("x", None, "y", "declined")]).allowed
    assert signing.may_sign(1, [], final=True, locked=False).allowed
    assert not signing.may_sign(1, [], final=False, locked=False).allowed
    assert not signing.may_sign(1, [], final=True, locked=True).allowed
    assert signing.resolution_problem("declined", "short", 1, None, True)[0] == "reason"
    assert signing.resolution_problem("changed", "", 2, 3, True) is None
    assert signing.resolution_problem("changed", "", 2, 2, True)[0] == "version"


@pytest.fixture
def asb(case: DocCase, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(case.svc.ctx.data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_cli_lists_resolves_and_refuses_final(asb, case: DocCase) -> None:  # noqa: ANN001
    svc, ref = case.svc.statements, case.reference
    n = _final(case)
    first = case.svc.signing.request_change(ref, n, 2, "I moved in on 7 April 2025.")
    second = case.svc.signing.request_change(ref, n, 3, "Say the neighbour is a criminal.")
    code, out, err = asb("statement", "final", ref, str(n))
    assert code == 2 and "cannot be made final" in err and first[:8] in err and second[:8] in err
    assert "Traceback" not in err and svc.get(ref, n).status == "draft"
    code, out, _ = asb("statement", "requests", ref, str(n), "--open")
    assert code == 0 and first[:8] in out and "I moved in" in out
    code, _, err = asb("statement", "resolve", ref, str(n), second[:8], "declined")
    assert code == 2 and "reason" in err
    code, out, err = asb("statement", "resolve", ref, str(n), second[:8], "declined", "--reason",
                         "A statement gives facts, not opinions.")
    assert code == 0 and "declined" in out, err
    code, _, err = asb("statement", "resolve", ref, str(n), first[:8], "changed")
    assert code == 2 and "not been changed" in err  # nothing saved since the request
    paragraphs = [t for _, t in svc.get(ref, n).paragraphs]
    paragraphs[1] += " I moved in on 7 April 2025."
    svc.edit(ref, n, paragraphs, note="as asked")
    code, out, err = asb("statement", "resolve", ref, str(n), first[:8], "changed")
    assert code == 0 and "changed in version" in out, err
    code, out, _ = asb("statement", "requests", ref, str(n), "--open")
    assert "No open change requests" in out
    code, out, _ = asb("statement", "requests", ref, str(n))
    assert "declined: A statement gives facts" in out
    code, out, err = asb("statement", "final", ref, str(n))
    assert code == 0 and "is final" in out, err
