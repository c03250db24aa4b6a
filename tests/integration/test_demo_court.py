"""Issue 6's "done when", from the demo: the court-ready demo case gets a notice pack with the right
dates and a bundle whose index links, bookmarks, page numbers, exhibits and withheld-identity check
all hold when the PDF is read as a user's viewer reads it (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from datetime import datetime
from pathlib import Path

import pikepdf
from sqlalchemy import select

from asb_desktop.demo import generate as demo
from asb_desktop.demo.court_case import OFFICER, WITNESS, prepare_court_case
from asb_desktop.services import Services
from asb_desktop.services.admin.users import actor_of
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.orm import User

FIXED_NOW = datetime(2026, 11, 23, 10, 0)  # the conftest clock: a Monday


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def as_officer(ctx: Context) -> Services:
    with ctx.session() as s:
        user = s.scalar(select(User).where(User.username == OFFICER))
        assert user is not None
    return Services(Context(ctx.engine, actor_of(user), ctx.data_dir, clock=ctx.clock))


def test_from_the_demo_case_to_a_notice_pack_and_a_court_bundle(ctx: Context, tmp_path: Path) -> None:
    demo.generate(ctx.engine, 3, seed=7, today=FIXED_NOW.date())
    ref = prepare_court_case(ctx)
    assert prepare_court_case(ctx) == ref  # made once
    svc = as_officer(ctx)
    offered = svc.notices.types(ref)
    assert "s83_ground2" in {t.id for t in offered.offered}

    # the notice pack, then service by first class post on a Monday: deemed served on the Wednesday
    svc.notices.pack(ref, "s83_ground2", tmp_path / "pack")
    notice = " ".join(pdf_text(tmp_path / "pack" / "01-notice.pdf").split())
    assert "[withheld] saw Mr Marsh kick the complainant's door" in notice and "Shah" not in notice
    for limb in ("(a) has been guilty of conduct causing or likely to cause a nuisance or annoyance to a person "
                 "residing, visiting or otherwise engaging in a lawful activity in the locality,",
                 "(aa) has been guilty of conduct", "directly or indirectly related to or affects those functions",
                 "(i) using the dwelling-house or allowing it to be used for immoral or illegal purposes, or",
                 "(ii) an indictable offence committed in, or in the locality of, the dwelling-house."):
        assert limb in notice, limb  # Ground 2 in full, as the prescribed form requires
    # s83(3): proceedings may be begun immediately; the date sought for giving up possession (by default the earliest
    # s83(5) allows: a notice to quit given on the planned deemed service, Wed 25/11/2026, could end this weekly
    # tenancy, whose weeks run from Monday, at the end of Sunday 27/12/2026, the first week ending at least four
    # weeks on) and the notice in force until twelve months after it
    assert "Proceedings for the possession of the dwelling-house may be begun immediately." in notice
    assert "to give up possession of the dwelling-house: 27 December 2026." in notice
    assert "This notice ceases to be in force on 27 December 2027" in notice
    served = svc.notices.served(ref, 1, "first_class_post", datetime(2026, 11, 23, 9, 0), "Tomasz Nowak")
    assert served.deemed_served_on.isoformat() == "2026-11-25"
    assert served.earliest_proceedings_on == served.deemed_served_on  # Ground 2: proceedings may begin at once
    assert served.lapses_on.isoformat() == "2027-12-27"  # twelve months after the date sought, not after service
    assert svc.queries.case_detail(ref)  # the case still opens
    for st in svc.statements.list(ref):  # each demo statement was signed with a signing record
        record = svc.signing.signing_record(ref, st.number, witness=st.witness_ref)
        assert record.method == "drawn" and record.present and record.intact and record.reviewed_sha256

    out = tmp_path / "bundle.pdf"
    result = svc.bundles.build(ref, "possession", out, index_json=tmp_path / "index.json")
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == result.pages
    entries = result.entries
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert index["pages"] == result.pages and index["sha256"] == result.sha256
    assert [(d["title"], d["first_page"]) for d in index["documents"]] == [(e["title"], e["first_page"])
                                                                           for e in entries]
    kinds = [e["kind"] for e in entries]
    assert kinds.count("statement") == 2 and "media" in kinds and "exhibit" in kinds and "chronology" in kinds

    # every page A4 portrait (no /Rotate) and carries its own number, as the viewer counts it
    boxes = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", str(result.pages), str(out)], check=True,
                           capture_output=True, text=True).stdout
    media_boxes = re.findall(r"Page\s+\d+ MediaBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", boxes)
    assert len(media_boxes) == result.pages
    assert all([round(float(v)) for v in box] == [0, 0, 595, 842] for box in media_boxes)
    assert set(re.findall(r"Page\s+\d+ rot:\s+(\d+)", boxes)) == {"0"}
    for n in range(1, result.pages + 1):
        assert pdf_text(out, n).split()[-1] == str(n), f"page {n}"
    # the possession check: the served notice and its certificate are in, so it says nothing of them
    assert not [w for w in result.warnings if "notice" in w.lower() and "served" in w.lower()]
    with pikepdf.open(out) as pdf, pdf.open_outline() as outline:
        pages = [p.obj.objgen for p in pdf.pages]
        links = [pages.index(a.A.D[0].objgen) + 1 for a in pdf.pages[0].obj.get("/Annots", [])]
        for e in entries:  # the index links to each document's first page ...
            assert e["first_page"] in links, e["title"]
        marks = [*outline.root, *(c for item in outline.root for c in item.children)]
        for item in marks:  # ... and every bookmark goes to the page its title gives
            first = int(re.search(r"\(pages? (\d+)", item.title).group(1))
            assert pages.index(item.destination[0].objgen) + 1 == first, item.title
        assert len(marks) == 1 + len(result.sections) + len(entries)
        action = pdf.Root.OpenAction
        assert action[1] == "/XYZ" and float(action[4]) == 1  # opens at 100%

    # exhibits in place: the recording's front sheet with its SHA-256, the photo on its page
    text = {n: " ".join(pdf_text(out, n).split()) for n in range(1, result.pages + 1)}
    media = next(e for e in entries if e["kind"] == "media")
    manifest = svc.bundles.export_media(ref, tmp_path / "disc")
    wav = next((tmp_path / "disc").glob("ZW1 - NoiseApp_*.wav"))
    sha = hashlib.sha256(wav.read_bytes()).hexdigest()
    assert sha in text[media["first_page"]].replace(" ", "") and sha in manifest.read_text(encoding="utf-8")
    photo = next(e for e in entries if e["kind"] == "exhibit")
    assert photo["last_page"] == photo["first_page"] + 1  # its front sheet, then the photograph
    front = text[photo["first_page"]]
    mark = photo["title"].split()[1].rstrip(":")
    exhibit = next(x for x in svc.evidence.exhibits(ref) if x.mark == mark)
    assert f"Exhibit {mark}" in front and "Photograph" in front and exhibit.sha256 in front.replace(" ", "")
    assert f"Exhibited by {exhibit.person_name}" in front
    assert re.search(r"Statement Witness statement of \S+ \S+ \(\d+\)", front), front
    assert "photograph of the damaged door" in text[photo["first_page"] + 1]
    assert "Exhibited by" in text[media["first_page"]] and "Statement Witness statement of" in text[media["first_page"]]
    statement = next(e for e in entries if e["kind"] == "statement" and "Wiśniewska" in e["title"])
    assert "I refer to the noise recording" in " ".join(text[n] for n in range(statement["first_page"],
                                                                                statement["last_page"] + 1))
    chronology = next(e for e in entries if e["kind"] == "chronology")
    assert "[withheld] saw Mr Marsh kick" in text[chronology["first_page"]]
    layout = subprocess.run(["pdftotext", "-layout", "-f", str(chronology["first_page"]), "-l",
                             str(chronology["first_page"]), str(out), "-"], capture_output=True, text=True).stdout
    diary_rows = [line.split() for line in layout.splitlines() if "Diary entry" in line]
    # keyed-in diary entries point at the page of the writer's statement that tells of each, not its first page
    from asb_desktop.services.court.bundle_sources import as_statement_says

    span = range(statement["first_page"], statement["last_page"] + 1)
    expected = sorted(next(n for n in span if as_statement_says(d.started_at) in text[n])
                      for d in svc.evidence.diary_entries(ref))
    assert len(diary_rows) == 3 and sorted(int(row[-1]) for row in diary_rows) == expected, (expected, diary_rows)

    # no withheld name, address or phone number anywhere in the bundle's text
    everything = " ".join(text.values())
    for secret in (WITNESS.first_names, WITNESS.surname, "Flat 9", WITNESS.phone):
        assert secret not in everything
    assert "25/11/2026" in everything  # the completed certificate of service, with the deemed date
