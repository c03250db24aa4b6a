"""The team file store (issue 15): evidence kept in PostgreSQL, reached by a second machine (another
data folder on the same database) with nothing but the connection."""

from __future__ import annotations

import hashlib
import sys
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "integration"))

from case_factory import minimal_case, rich_case  # noqa: E402
from media_factory import tone, write_audio, write_pdf  # noqa: E402

from asb_desktop.domain.enums import Role  # noqa: E402
from asb_desktop.evidence.db_store import CHUNKS, DatabaseStore  # noqa: E402
from asb_desktop.services import Services  # noqa: E402
from asb_desktop.services.admin.users import sign_in  # noqa: E402
from asb_desktop.services.evidence.evidence import EvidenceService  # noqa: E402
from asb_desktop.services.exchange.exchange import ExchangeService  # noqa: E402
from asb_desktop.services.exchange.exchange_v2 import FileRef  # noqa: E402
from asb_desktop.services.kernel.access import Actor  # noqa: E402
from asb_desktop.services.kernel.context import Context  # noqa: E402
from asb_desktop.services.kernel.errors import ASBError  # noqa: E402
from asb_desktop.services.kernel.file_stores import generated_file  # noqa: E402
from asb_desktop.storage.db import make_engine, upgrade  # noqa: E402
from asb_desktop.storage.orm import Setting, User  # noqa: E402
from asb_desktop.storage.orm_files import CHUNK_SIZE  # noqa: E402

REF = "ASB-2026-00007"
FIXED_NOW = datetime(2026, 11, 23, 10, 0)


@pytest.fixture
def pg(pg_schema_url: str) -> Iterator[Engine]:
    eng = make_engine(pg_schema_url)
    upgrade(eng)
    yield eng
    eng.dispose()


def machine(engine: Engine, data_dir: Path) -> Context:
    return Context(engine, sign_in(engine, now=FIXED_NOW), data_dir, clock=lambda: FIXED_NOW)


def database_store_on(ctx: Context) -> None:
    with ctx.session() as s:
        s.merge(Setting(key="team_file_store", value={"v": "database"}))


@pytest.mark.postgres
def test_a_second_machine_lists_verifies_and_exports_the_first_machines_evidence(pg: Engine, tmp_path: Path) -> None:
    a = machine(pg, tmp_path / "machine A")
    minimal_case(a, REF)
    database_store_on(a)
    pdf = write_pdf(tmp_path / "in" / "letter.pdf", text="From the complainant")
    video = write_audio(tmp_path / "in" / "doorbell.wav", tone(25, noise=0.05))  # 16-bit: three chunks, the last short
    assert 2 * CHUNK_SIZE < video.stat().st_size < 3 * CHUNK_SIZE
    report = EvidenceService(a).add_files(REF, [pdf, video])
    assert report.ok and len(report.stored) == 2, report
    assert isinstance(EvidenceService(a).store(), DatabaseStore)
    assert not (a.data_dir / "evidence").exists()  # nothing in machine A's folder store

    b = machine(pg, tmp_path / "machine B")
    svc = EvidenceService(b)
    assert sorted(i.original_name for i in svc.list_items(REF)) == ["doorbell.wav", "letter.pdf"]
    checked = svc.verify()
    assert checked.ok and not checked.missing and not checked.altered and not checked.orphaned
    assert checked.checked == 2
    item = next(i for i in svc.list_items(REF) if i.original_name == "doorbell.wav")
    (tmp_path / "out B").mkdir()
    out = svc.export(item.uid, tmp_path / "out B")
    assert out.read_bytes() == video.read_bytes()
    with svc.store().open(item.sha256) as fh:  # streamed, a piece at a time
        assert fh.read(10) == video.read_bytes()[:10]
        assert hashlib.file_digest(fh, "sha256").hexdigest() == hashlib.sha256(video.read_bytes()[10:]).hexdigest()
    assert svc.open_file(item.uid).read_bytes() == video.read_bytes()  # a checked copy in B's cache
    case_zip = ExchangeService(b).export_to_file(REF, tmp_path / "case.zip")
    assert case_zip.files == 2
    with zipfile.ZipFile(case_zip.path) as zf:
        names = zf.namelist()
    assert any(item.sha256 in n for n in names)


@pytest.mark.postgres
def test_a_changed_chunk_is_reported_altered_and_never_handed_out(pg: Engine, tmp_path: Path) -> None:
    a = machine(pg, tmp_path / "A")
    minimal_case(a, REF)
    database_store_on(a)
    item = EvidenceService(a).add_files(REF, [write_pdf(tmp_path / "a.pdf", text="A")]).stored[0]
    with pg.begin() as conn:
        conn.execute(update(CHUNKS).where(CHUNKS.c.sha256 == item.sha256).values(data=b"tampered"))
    b = EvidenceService(machine(pg, tmp_path / "B"))
    assert b.verify().altered == [f"{item.sha256} (a.pdf)"]
    assert not b.store().path_for(item.sha256).exists()  # no copy of altered bytes is made


def test_the_setting_picks_the_database_store_only_on_postgresql(ctx: Context, tmp_path: Path) -> None:
    database_store_on(ctx)
    svc = EvidenceService(ctx)
    if ctx.engine.dialect.name == "sqlite":  # SQLite keeps the folder store whatever the setting says
        assert not isinstance(svc.store(), DatabaseStore)
        assert svc.store().root == ctx.data_dir / "evidence"
    else:
        assert isinstance(svc.store(), DatabaseStore)


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    from asb_desktop.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_store_migrate_moves_the_folder_store_into_the_database_resumably(asb, ctx: Context,  # noqa: ANN001
                                                                          tmp_path: Path) -> None:
    minimal_case(ctx, REF)
    svc = EvidenceService(ctx)
    items = svc.add_files(REF, [write_pdf(tmp_path / "a.pdf", text="A"), write_pdf(tmp_path / "b.pdf", text="B")]).stored
    if ctx.engine.dialect.name == "sqlite":
        code, _out, err = asb("store", "migrate", "--to", "database")
        assert code == 2 and "SQLite" in err
        assert not svc.uses_database_store()
        return
    from asb_desktop.services.documents.document_store import store
    from asb_desktop.storage.orm import Case

    with ctx.session() as s:  # a document generated before the move, kept only in this data folder
        case = s.scalars(select(Case).where(Case.reference == REF)).one()
        letter = store(ctx, s, case, "letter_test", "Letter", "pdf", b"%PDF generated before the move")
        letter_path, letter_sha = ctx.data_dir / letter.path, letter.sha256
    first = items[0].sha256
    DatabaseStore(ctx.engine, tmp_path / "cache").put_file(svc.store().path_for(first), first, items[0].size)
    code, out, err = asb("store", "migrate", "--to", "database")  # as if an earlier run stopped after one file
    assert code == 0, err
    assert "[1/3]" in err and "[3/3]" in err and "already in the database" in err and "copied and verified" in err
    assert "2 file(s) copied into the database and verified" in out and "1 already there" in out
    assert svc.uses_database_store()
    b = machine(ctx.engine, tmp_path / "machine B")
    report = EvidenceService(b).verify()
    assert report.ok and report.checked == 3 and not report.missing, report
    fetched = generated_file(b, letter_path.relative_to(ctx.data_dir), letter_sha)
    assert fetched.read_bytes() == letter_path.read_bytes() and fetched.parent != letter_path.parent
    code, out, err = asb("store", "migrate", "--to", "database")  # nothing left to do
    assert code == 0 and "0 file(s) copied" in out and "3 already there" in out
    assert "database" in asb("store", "status")[1]


@pytest.mark.postgres
def test_a_backup_carries_the_database_store(pg: Engine, tmp_path: Path) -> None:
    from sqlalchemy import delete

    from asb_desktop.evidence.db_store import BLOBS
    from asb_desktop.services.admin.backups import BackupService

    a = machine(pg, tmp_path / "A")
    minimal_case(a, REF)
    database_store_on(a)
    audio = write_audio(tmp_path / "in" / "rec.wav", tone(13, noise=0.05))  # two chunks
    EvidenceService(a).add_files(REF, [audio])
    service = BackupService(a, tmp_path / "keys" / "backup.key")
    backup = service.backup(tmp_path / "team.asbbackup")
    with pg.begin() as conn:
        conn.execute(delete(BLOBS))
    b = machine(pg, tmp_path / "B")
    assert EvidenceService(b).verify().missing
    BackupService(b, tmp_path / "keys" / "backup.key").restore(backup, replace=True)
    report = EvidenceService(b).verify()
    assert report.ok and report.checked == 1, report


@pytest.mark.postgres
def test_a_removed_file_is_no_longer_handed_out_from_another_machines_copy(pg: Engine, tmp_path: Path) -> None:
    a = machine(pg, tmp_path / "A")
    minimal_case(a, REF)
    database_store_on(a)
    item = EvidenceService(a).add_files(REF, [write_pdf(tmp_path / "a.pdf", text="A")]).stored[0]
    b = EvidenceService(machine(pg, tmp_path / "B")).store()
    assert isinstance(b, DatabaseStore) and b.path_for(item.sha256).is_file()  # B's cached copy
    assert EvidenceService(a).store().remove({item.sha256}) == 1  # as a retention run does
    assert not b.path_for(item.sha256).exists() and not b.has(item.sha256)


@pytest.mark.postgres
def test_a_second_machine_opens_and_exports_what_the_first_machine_generated(pg: Engine, tmp_path: Path) -> None:
    """Documents, notice packs, bundle files and issued bundles are written to the generating machine's
    data folder and, in team mode, put into the database too: another machine opens the same bytes."""
    a = machine(pg, tmp_path / "machine A")
    rich_case(a, REF)
    database_store_on(a)
    svc = Services(a)
    letter = svc.documents.letter(REF, "warning_letter", "pdf").document
    svc.documents.peia(REF, "pdf")
    with a.session() as s:
        manager = s.scalar(select(User).where(User.username == "siobhan.ni.bhriain"))
        assert manager is not None
        boss = Actor(manager.id, manager.username, manager.full_name, manager.initials, frozenset({Role.MANAGER}))
    Services(Context(pg, boss, a.data_dir, clock=a.clock)).notices.approve(REF, "s83_ground2", "Proportionate")
    pack = svc.notices.pack(REF, "s83_ground2")
    svc.bundles.add(REF, [write_pdf(tmp_path / "in" / "claim.pdf", text="Claim form")], section="Statements of case",
                    title="Claim form")
    issued = svc.bundles.build(REF, "possession", tmp_path / "out A" / "bundle.pdf", ocr=False)

    b = machine(pg, tmp_path / "machine B")
    theirs = Services(b)
    assert not (b.data_dir / "documents").exists() and not (b.data_dir / "court").exists()
    doc = next(d for d in theirs.documents.generated(REF) if d.uid == letter.uid)
    assert doc.path == b.data_dir / letter.path.relative_to(a.data_dir) and not doc.path.exists()
    assert generated_file(b, doc.path, doc.sha256).read_bytes() == letter.path.read_bytes()  # opened on B
    exported = theirs.notices.export(REF, pack.number, tmp_path / "out B")
    assert [p.name for p in exported] == [f["file"] for f in pack.files]
    assert [p.read_bytes() for p in exported] == [(pack.folder / f["file"]).read_bytes() for f in pack.files]
    version = theirs.bundles.versions(REF, "possession")[0]
    assert generated_file(b, version.path, version.sha256).read_bytes() == issued.stored_path.read_bytes()
    checked = EvidenceService(b).verify()  # every generated file is in the team store, none orphaned
    generated_problems = [p for p in [*checked.missing, *checked.altered, *checked.orphaned]
                          if "documents/" in p or "court/" in p or p.startswith("database")]
    assert not generated_problems, checked
    case_zip = ExchangeService(b).export_to_file(REF, tmp_path / "case.zip")  # B's case file carries them all
    with zipfile.ZipFile(case_zip.path) as zf:
        names = zf.namelist()
    assert all(any(sha in n for n in names) for sha in (letter.sha256, issued.sha256, *(f["sha256"] for f in pack.files)))
    # a file altered in the store is never handed out
    doc.path.unlink()
    with pg.begin() as conn:
        conn.execute(update(CHUNKS).where(CHUNKS.c.sha256 == doc.sha256).values(data=b"tampered"))
    with pytest.raises(ASBError, match="does not match its SHA-256"):
        generated_file(b, doc.path, doc.sha256)
    assert not doc.path.exists()


@pytest.mark.postgres
def test_retention_takes_a_deleted_cases_generated_files_out_of_the_team_store(pg: Engine, tmp_path: Path) -> None:
    from asb_desktop.services.documents.document_store import store
    from asb_desktop.services.kernel.inputs import ReportInput
    from asb_desktop.storage.orm import Case

    clock = [datetime(2019, 6, 1, 9, 0)]
    ctx = Context(pg, sign_in(pg, now=FIXED_NOW), tmp_path / "A", clock=lambda: clock[0])
    database_store_on(ctx)
    svc = Services(ctx)
    refs = [svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2019-06-01 09:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Ada", "surname": f"Quill{n}"},
                     "new_person": True}]})).reference for n in range(2)]
    shas: dict[str, str] = {}
    with ctx.session() as s:
        for ref, data in ((refs[0], b"only the deleted case"), (refs[1], b"the kept case")):
            case = s.scalars(select(Case).where(Case.reference == ref)).one()
            shas[ref] = store(ctx, s, case, "letter_test", "Letter", "pdf", data).sha256
        shared = store(ctx, s, s.scalars(select(Case).where(Case.reference == refs[0])).one(), "letter_test",
                       "Letter", "pdf", b"the kept case").sha256  # the same bytes on both cases
    team = DatabaseStore(pg, tmp_path / "cache")
    assert team.has(shas[refs[0]]) and team.has(shas[refs[1]]) and shared == shas[refs[1]]
    for ref, closed in zip(refs, (datetime(2020, 1, 10, 9, 0), datetime(2026, 1, 10, 9, 0)), strict=True):
        clock[0] = closed
        svc.activity.log_contact(ref, "telephone", "spoke", closed)
        svc.cases.close(ref, "nuisance_ceased")
    clock[0] = FIXED_NOW
    assert svc.retention.delete_due(confirm=True).references == [refs[0]]
    assert not team.has(shas[refs[0]])  # no one is left to read it
    assert team.has(shared)  # the kept case names the same bytes


def _blob_rows(engine: Engine) -> tuple[list[str], int]:
    from asb_desktop.evidence.db_store import BLOBS

    with engine.connect() as conn:
        return (list(conn.scalars(select(BLOBS.c.sha256).order_by(BLOBS.c.sha256))),
                int(conn.scalar(select(func.count()).select_from(CHUNKS)) or 0))


@pytest.mark.postgres
def test_a_refused_case_import_leaves_no_blob_in_the_team_store(pg: Engine, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The import is refused after its files went into the team store (at the last step, as a bad value
    found at the end would be): the files it put there are taken out again; those held before stay."""
    from asb_desktop.services.kernel.errors import ValidationError
    from asb_desktop.storage.orm import Case

    a = machine(pg, tmp_path / "A")  # made with the folder store, so the team store holds none of it yet
    rich_case(a, REF)
    EvidenceService(a).add_files(REF, [write_pdf(tmp_path / "in" / "a.pdf", text="Only in the case file")])
    Services(a).documents.letter(REF, "warning_letter", "pdf")
    case_zip = ExchangeService(a).export_to_file(REF, tmp_path / "case.zip").path
    b = machine(pg, tmp_path / "B")
    database_store_on(b)
    held = write_pdf(tmp_path / "in" / "held.pdf", text="Held before the import")
    minimal_case(b, "ASB-2026-00100")
    EvidenceService(b).add_files("ASB-2026-00100", [held])
    before = _blob_rows(pg)
    assert len(before[0]) == 1
    real_audit = b.audit

    def refuse_at_the_end(session: object, action: str, *args: object, **kw: object) -> None:
        if action == "import":
            raise ValidationError("case.summary", "a bad value found after the files were copied")
        real_audit(session, action, *args, **kw)  # type: ignore[arg-type]

    new_blobs: list[int] = []  # how many files each import put into the team store
    from asb_desktop.services.exchange import exchange_files

    real_place = exchange_files.Placer.place

    def counting(self: exchange_files.Placer, refs: list[FileRef], plan: exchange_files.FilePlan) -> int:
        written = real_place(self, refs, plan)
        new_blobs.append(len(self.new_blobs))
        return written

    monkeypatch.setattr(exchange_files.Placer, "place", counting)
    monkeypatch.setattr(b, "audit", refuse_at_the_end)
    with pytest.raises(ValidationError, match="bad value"):
        ExchangeService(b).import_file(case_zip, new_reference=True)
    assert new_blobs[0] >= 2  # the evidence file and the letter had gone into the team store
    assert _blob_rows(pg) == before
    with b.session() as s:
        assert s.scalar(select(func.count(Case.id))) == 2  # A's case and B's own: nothing imported
    monkeypatch.setattr(b, "audit", real_audit)
    ExchangeService(b).import_file(case_zip, new_reference=True)  # allowed, the same import stores them
    assert len(_blob_rows(pg)[0]) == 1 + new_blobs[1] and new_blobs[1] == new_blobs[0]


@pytest.mark.postgres
def test_a_json_only_case_file_takes_its_generated_files_from_the_team_store(pg: Engine, tmp_path: Path) -> None:
    """JSON only carries no files: the export names them without fetching any, and the import on another
    machine finds the generated files in the team file store (it holds none of them in its data folder)."""
    a = machine(pg, tmp_path / "A")
    rich_case(a, REF)
    database_store_on(a)
    letter = Services(a).documents.letter(REF, "warning_letter", "pdf").document
    EvidenceService(a).add_files(REF, [write_pdf(tmp_path / "in" / "a.pdf", text="Evidence")])
    b = machine(pg, tmp_path / "B")
    exported = ExchangeService(b).export_to_file(REF, tmp_path / "case.json")
    assert exported.files == 0 and exported.referenced >= 2
    assert not (b.data_dir / "documents").exists() and not (b.data_dir / "store").exists()  # nothing fetched
    result = ExchangeService(b).import_file(exported.path, new_reference=True)
    assert not result.missing, result.missing
    copy = next(d for d in Services(b).documents.generated(result.reference) if d.sha256 == letter.sha256)
    assert not copy.path.exists()  # in the team store, fetched when first opened
    assert generated_file(b, copy.path, copy.sha256).read_bytes() == letter.path.read_bytes()


def test_a_refused_import_keeps_a_file_another_machine_named_while_it_ran(tmp_path: Path) -> None:
    """Between the import putting a file into the team store and its refusal, another machine saves a
    row naming the same bytes: that file stays; the import's other new files are taken out."""
    from asb_desktop.services.exchange.exchange_files import Placer

    class Store:
        is_database = True
        removed: set[str] = set()

        def remove(self, shas: set[str]) -> int:
            self.removed = set(shas)
            return len(shas)

    named_rows: set[str] = {"c" * 64}  # named before the import (another case holds those bytes)
    store = Store()
    placer = Placer(store, tmp_path, named=lambda shas: shas & named_rows)  # type: ignore[arg-type]
    placer.named_before = {sha for sha in {"a" * 64, "b" * 64, "c" * 64} if sha in named_rows}
    placer.new_blobs = {"a" * 64, "b" * 64, "c" * 64}
    named_rows.add("a" * 64)  # another machine saved a row naming a's bytes while the import ran
    placer.undo()
    assert store.removed == {"b" * 64, "c" * 64}
