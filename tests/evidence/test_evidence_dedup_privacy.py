"""The same bytes on two cases, on SQLite and PostgreSQL: stored once, but each case's item, adder and
chain of custody are its own, and nothing about a restricted case reaches an officer who cannot see it
(not through the service, ``asb evidence list/custody/add`` or the audit trail they can read)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "integration"))

from case_factory import minimal_case, user  # noqa: E402
from media_factory import write_photo  # noqa: E402

from asb_desktop.cli import main  # noqa: E402
from asb_desktop.services import Services  # noqa: E402
from asb_desktop.services.admin.users import actor_of  # noqa: E402
from asb_desktop.services.kernel.context import Context  # noqa: E402
from asb_desktop.services.kernel.errors import NotFound, PermissionDenied  # noqa: E402
from asb_desktop.storage.orm import Case, CaseParty, Person  # noqa: E402
from asb_desktop.storage.orm_evidence import EvidenceItem, EvidenceLink  # noqa: E402

SECRET = "ASB-2026-00001"  # a restricted employee case
MINE = "ASB-2026-00002"  # the officer's own case
OTHER = "ASB-2026-00003"  # an ordinary case the officer can see
LEADER = ("tess.leader", "Tess Leader-Hargreaves")


@pytest.fixture
def team(ctx: Context) -> dict[str, Services]:
    for ref in (SECRET, MINE, OTHER):
        minimal_case(ctx, ref)
    with ctx.session() as s:
        tess = user(s, LEADER[0], LEADER[1], ["team_leader"], "TLH")
        olu = user(s, "olu.officer", "Olu Officer", ["officer"], "OO")
        cases = {c.reference: c for c in s.scalars(select(Case))}
        cases[SECRET].restricted = True
        cases[SECRET].assigned_officer_id = tess.id
        cases[MINE].assigned_officer_id = olu.id
        actors = {"tess": actor_of(tess), "olu": actor_of(olu)}
    return {name: Services(Context(ctx.engine, actor, ctx.data_dir, clock=ctx.clock)) for name, actor in actors.items()}


def secrets(item: Any) -> list[str]:
    """Everything about the restricted case's item that must not show."""
    return [SECRET, LEADER[0], LEADER[1], item.uid]


def assert_hidden(text: str, item: Any) -> None:
    for secret in secrets(item):
        assert secret not in text


def complainant(ctx: Context, reference: str) -> str:
    with ctx.session() as s:
        return s.scalars(select(Person.uid).join(CaseParty, CaseParty.person_id == Person.id).join(
            Case, Case.id == CaseParty.case_id).where(Case.reference == reference)).one()


def test_the_same_bytes_on_a_restricted_case_and_an_officers_case(ctx: Context, team: dict[str, Services],
                                                                   tmp_path: Path) -> None:
    photo = write_photo(tmp_path / "tl" / "door.jpg", datetime(2026, 11, 19, 8, 30))
    again = tmp_path / "officer" / "IMG_0001.jpg"
    again.parent.mkdir()
    again.write_bytes(photo.read_bytes())
    tess, olu = team["tess"].evidence, team["olu"].evidence
    secret = tess.add_files(SECRET, [photo], description="Staff member's door").stored[0]

    report = olu.add_files(MINE, [again])
    assert report.ok and not report.already_held and len(report.stored) == 1
    mine = report.stored[0]
    assert mine.uid != secret.uid and mine.sha256 == secret.sha256
    assert mine.added_by == "Olu Officer" and mine.added_at == ctx.now() and mine.cases == (MINE,)
    assert mine.original_name == "IMG_0001.jpg" and mine.description == "" and mine.also_on == ()
    assert_hidden(repr(report), secret)
    assert [e.sha256 for e in olu.store().walk()] == [secret.sha256]  # stored once

    # each case's own custody; the officer sees only theirs, by uid or by hash
    assert [(c.action, c.username, c.case_reference) for c in olu.custody(mine.uid)] == [
        ("create", "olu.officer", MINE), ("link", "olu.officer", MINE)]
    assert olu.custody(secret.sha256) == olu.custody(mine.uid)
    assert [c.action for c in tess.custody(secret.uid)] == ["create", "link"]
    with pytest.raises(PermissionDenied) as denied:
        olu.custody(secret.uid)
    assert_hidden(str(denied.value).replace(secret.uid, ""), secret)
    with pytest.raises(PermissionDenied):
        olu.item(secret.uid)
    assert_hidden(repr(olu.list_items(MINE)), secret)
    assert_hidden(repr(olu.item(secret.sha256)), secret)  # a hash finds the officer's own item

    # a duplicate on the same case is still refused plainly, nothing new kept
    twice = olu.add_files(MINE, [again])
    assert not twice.stored and [i.uid for i in twice.already_held] == [mine.uid]
    assert [i.uid for i in olu.list_items(MINE)] == [mine.uid]
    assert "already on this case" in olu.custody(mine.uid)[-1].detail

    # another case: the officer is told only of the case they can see, neutrally
    third = olu.add_files(OTHER, [again]).stored[0]
    assert third.also_on == (MINE,) and third.cases == (OTHER,)
    assert tess.add_files(OTHER, [photo]).already_held[0].uid == third.uid
    with ctx.session() as s:
        assert s.query(EvidenceItem).count() == 3

    # the audit trail the officer may read says nothing of the restricted case
    assert_hidden(json.dumps([asdict(e) for e in team["olu"].queries.audit_trail(MINE)], default=str), secret)
    trail = json.dumps([asdict(e) for e in team["olu"].queries.audit_trail(OTHER)], default=str)  # the leader worked here too
    assert SECRET not in trail and secret.uid not in trail
    with pytest.raises(PermissionDenied):
        team["olu"].queries.audit_trail(SECRET)

    # both cases still find the file: open, export, exhibit marks, verify
    assert olu.open_file(mine.uid).read_bytes() == tess.open_file(secret.uid).read_bytes() == photo.read_bytes()
    assert olu.export(mine.uid, tmp_path / "mine.jpg", MINE).read_bytes() == photo.read_bytes()
    assert tess.export(secret.uid, tmp_path / "secret.jpg", SECRET).read_bytes() == photo.read_bytes()
    mark = olu.assign_exhibit(MINE, secret.sha256, complainant(ctx, MINE))  # by hash: the case's own item
    assert mark.evidence_id == mine.uid and mark.mark == "BO1"
    assert tess.assign_exhibit(SECRET, secret.uid, complainant(ctx, SECRET)).evidence_id == secret.uid
    with pytest.raises(PermissionDenied):
        olu.assign_exhibit(MINE, secret.uid, complainant(ctx, MINE))
    assert [e.evidence_id for e in olu.exhibits(MINE)] == [mine.uid]
    assert olu.verify().ok and tess.verify().ok


def test_a_hash_held_only_on_a_case_the_user_cannot_see_is_not_found(team: dict[str, Services],
                                                                      tmp_path: Path) -> None:
    photo = write_photo(tmp_path / "door.jpg", datetime(2026, 11, 19, 8, 30))
    secret = team["tess"].evidence.add_files(SECRET, [photo]).stored[0]
    olu = team["olu"].evidence
    for look in (olu.custody, olu.item, olu.open_file):
        with pytest.raises(NotFound) as err:
            look(secret.sha256)
        assert_hidden(str(err.value), secret)
    olu.store().path_for(secret.sha256).chmod(0o644)
    olu.store().path_for(secret.sha256).write_bytes(b"changed")
    report = olu.verify()
    assert report.altered == [f"{secret.sha256} (held on a case you cannot see)"]
    assert team["tess"].evidence.verify().altered == [f"{secret.sha256} (door.jpg)"]


def test_linking_an_item_to_another_case_gives_that_case_its_own(ctx: Context, team: dict[str, Services],
                                                                  tmp_path: Path) -> None:
    photo = write_photo(tmp_path / "door.jpg", datetime(2026, 11, 19, 8, 30))
    tess = team["tess"].evidence
    first = tess.add_files(OTHER, [photo]).stored[0]
    uid = tess.link(first.uid, SECRET)
    assert uid != first.uid
    assert [c.action for c in tess.custody(uid)] == ["create", "link"]
    assert team["olu"].evidence.custody(first.uid) == tess.custody(first.uid)  # nothing of the restricted link
    assert all(SECRET not in c.detail and c.case_reference != SECRET for c in tess.custody(first.uid))
    # the restricted case's item goes; the stored bytes stay for the other case
    with ctx.session() as s:
        s.delete(s.scalars(select(EvidenceItem).where(EvidenceItem.uid == uid)).one())
    assert team["olu"].evidence.open_file(first.uid).read_bytes() == photo.read_bytes()
    assert tess.verify().missing == []


def test_cli_shows_the_officer_only_their_own_case(ctx: Context, team: dict[str, Services], db_url: str,
                                                   tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    photo = write_photo(tmp_path / "door.jpg", datetime(2026, 11, 19, 8, 30))
    secret = team["tess"].evidence.add_files(SECRET, [photo]).stored[0]

    def asb(*args: str) -> tuple[int, str]:
        code = main(["--db", db_url, "--data-dir", str(ctx.data_dir), "--user", "olu.officer", *args])
        out, err = capsys.readouterr()
        return code, out + err

    code, out = asb("evidence", "add", MINE, str(photo), "--json")
    assert code == 0
    added = json.loads(out)
    assert added["already_held"] == [] and len(added["stored"]) == 1
    assert_hidden(out, secret)
    code, out = asb("evidence", "add", MINE, str(photo))
    assert code == 0 and "Held    door.jpg  (the same file is already on this case" in out
    assert_hidden(out, secret)
    for args in (("evidence", "list", MINE), ("evidence", "list", MINE, "--json"),
                 ("evidence", "custody", secret.sha256), ("evidence", "custody", added["stored"][0]["uid"]),
                 ("evidence", "verify"), ("audit", MINE)):
        code, out = asb(*args)
        assert code == 0, (args, out)
        assert_hidden(out, secret)
    code, out = asb("evidence", "custody", secret.uid)
    assert code != 0
    assert_hidden(out.replace(secret.uid, ""), secret)
    with ctx.session() as s:
        links = s.scalars(select(EvidenceLink.evidence_id)).all()
        assert len(links) == 2 and len(set(links)) == 2


def test_the_upgrade_splits_an_item_shared_by_two_cases(ctx: Context, team: dict[str, Services],
                                                        tmp_path: Path) -> None:
    from alembic import command

    from asb_desktop.storage.db import alembic_config, upgrade
    from asb_desktop.storage.orm import User
    from asb_desktop.storage.orm_evidence import CustodyEvent, DiaryEntry, Exhibit

    command.downgrade(alembic_config(ctx.engine), "0007g_evidence_per_case-1")  # one item per SHA-256, as before
    photo = write_photo(tmp_path / "door.jpg", datetime(2026, 11, 19, 8, 30))
    secret = team["tess"].evidence.add_files(SECRET, [photo]).stored[0]
    later = datetime(2026, 11, 23, 11, 0)
    with ctx.session() as s:  # what adding the same bytes to the officer's case used to do
        item = s.scalars(select(EvidenceItem).where(EvidenceItem.uid == secret.uid)).one()
        olu = s.scalars(select(User).where(User.username == "olu.officer")).one()
        mine = s.scalars(select(Case).where(Case.reference == MINE)).one()
        person = s.scalars(select(CaseParty.person_id).where(CaseParty.case_id == mine.id)).one()
        s.add_all([EvidenceLink(evidence_id=item.id, case_id=mine.id, linked_at=later, linked_by_id=olu.id),
                   CustodyEvent(evidence_id=item.id, at=later, username=olu.username, action="link",
                                case_reference=MINE, detail=f"Linked to case {MINE}"),
                   Exhibit(case_id=mine.id, evidence_id=item.id, person_id=person, prefix="BO", number=1, mark="BO1",
                           assigned_at=later, assigned_by_id=olu.id),
                   DiaryEntry(case_id=item_case(s, SECRET), created_at=later, evidence_id=item.id, started_at=later),
                   DiaryEntry(case_id=mine.id, created_at=later, evidence_id=item.id, started_at=later)])
    upgrade(ctx.engine)
    olu_ev = team["olu"].evidence
    [own] = olu_ev.list_items(MINE)
    assert own.uid != secret.uid and own.sha256 == secret.sha256
    assert own.added_by == "Olu Officer" and own.added_at == later and own.exhibit_marks == ("BO1",)
    assert [(c.action, c.case_reference) for c in olu_ev.custody(own.uid)] == [("link", MINE)]
    assert [c.case_reference for c in team["tess"].evidence.custody(secret.uid)] == [SECRET, SECRET]
    assert team["tess"].evidence.list_items(SECRET)[0].cases == (SECRET,)
    assert olu_ev.verify().ok
    with ctx.session() as s:  # nothing pointing at the items was lost when SQLite rebuilt the table
        scans = dict(s.execute(select(DiaryEntry.case_id, EvidenceItem.uid).join(
            EvidenceItem, EvidenceItem.id == DiaryEntry.evidence_id)).all())
        assert scans == {item_case(s, SECRET): secret.uid, item_case(s, MINE): own.uid}


def item_case(s: Any, reference: str) -> int:
    return s.scalars(select(Case.id).where(Case.reference == reference)).one()
