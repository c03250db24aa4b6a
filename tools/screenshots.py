"""Screenshots of each main page, the new report wizard, a case workspace and the demo's court-ready case
(people, notices, bundle and its preview), for the user guide.

Starts the real window on a fresh demo database and grabs each view into PNG files. Works on a real
X server (``xvfb-run -a .venv/bin/python tools/screenshots.py``) and offscreen
(``QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py``).

    .venv/bin/python tools/screenshots.py [--out docs/images] [--cases 300] [--dark]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"My cases": "my-cases", "Team cases": "team-cases", "Due and overdue": "due", "Search": "search",
         "People": "people", "Reports": "reports"}


def settle(app, rounds: int = 20) -> None:  # noqa: ANN001
    from PySide6.QtCore import QThreadPool

    for _ in range(rounds):
        app.processEvents()
    QThreadPool.globalInstance().waitForDone(5000)
    for _ in range(rounds):
        app.processEvents()


def save(widget, path: Path, app) -> Path:  # noqa: ANN001
    settle(app)
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(path.parents[1]) if len(path.parents) > 1 else path}")
    return path


def fill_wizard(wiz) -> None:  # noqa: ANN001 - a sample phone call, as in the user guide
    from PySide6.QtCore import Qt

    wiz.channel.categories.findItems("Noise", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Checked)
    wiz.channel.summary.setPlainText("Loud music from the flat above most nights, and shouting on the stairs.")
    forms = wiz.people
    for form, values in ((forms.complainant, {"first_names": "Zoë", "surname": "Okafor", "address":
                                              "Flat 3, 12 Ship Lane, Ashford", "postcode": "TN23 1AB",
                                              "phone": "01234 567890"}),
                         (forms.perpetrator, {"first_names": "Dean", "surname": "Marsh", "address":
                                              "Flat 6, 12 Ship Lane, Ashford"})):
        for key, text in values.items():
            form.edits[key].setText(text)
    inc = wiz.incidents
    inc.location.setText("Flat 6, through the bedroom ceiling")
    inc.texts["description"].setPlainText("Bass music until 3am; shouting on the stairs when asked to stop.")
    inc.texts["feelings_then"].setPlainText("Frightened to go upstairs")


def run(out: Path, cases: int, dark: bool) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("ASB Desktop screenshots")
    from asb_desktop.demo.court_case import prepare_court_case
    from asb_desktop.demo.generate import generate
    from asb_desktop.services import Services
    from asb_desktop.services.admin.users import sign_in
    from asb_desktop.services.kernel.context import Context
    from asb_desktop.storage.db import make_engine, upgrade
    from asb_desktop.ui.main_window import MainWindow
    from asb_desktop.ui.theme import apply_theme

    print(f"platform: {app.platformName()}")
    apply_theme(app, dark)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="asb-shots-"))
    engine = make_engine(f"sqlite:///{work / 'asb.sqlite'}")
    upgrade(engine)
    generate(engine, cases, seed=3, today=datetime.now().date())
    services = Services(Context(engine, sign_in(engine), work))
    court_ref = prepare_court_case(services.ctx)
    window = MainWindow(services)
    window.resize(1280, 800)
    window.show()
    suffix = "-dark" if dark else ""
    shots = [today(engine, work, out / f"today{suffix}.png", app)]
    for label, slug in PAGES.items():
        page = window.page(label)
        if slug == "search":
            page.query.setText("marsh")
        if slug == "people":
            page.search.setText("marsh")
            settle(app)
            page.results.setCurrentCell(0, 0)
        if slug == "team-cases":
            page.table.selectRow(0)
        shots.append(save(window, out / f"{slug}{suffix}.png", app))
    window.new_report_action.trigger()
    wiz = window.wizard
    wiz.resize(1180, 780)
    fill_wizard(wiz)
    shots.append(save(wiz, out / f"wizard-report{suffix}.png", app))
    wiz.next()
    wiz.next()
    shots.append(save(wiz, out / f"wizard-people{suffix}.png", app))
    for _ in range(5):
        wiz.next()
    wiz.triage.answers["targeted"].set_value(True)
    wiz.triage.answers["afraid"].set_value(True)
    shots.append(save(wiz, out / f"wizard-triage{suffix}.png", app))
    wiz.accept()
    settle(app)
    shots.append(save(window, out / f"case-workspace{suffix}.png", app))
    shots.append(case_evidence(window, services, work, out / f"case-evidence{suffix}.png", app))
    shots += case_documents(window, services, out, suffix, app)
    shots += court_case(window, services, court_ref, work, out, suffix, app)
    window.close()
    engine.dispose()
    return shots


def today(engine, work: Path, path: Path, app) -> Path:  # noqa: ANN001
    """Today as the court case's officer sees it in the morning: their own items to scan."""
    from asb_desktop.demo.court_case import OFFICER
    from asb_desktop.services import Services
    from asb_desktop.services.admin.users import sign_in
    from asb_desktop.services.kernel.context import Context
    from asb_desktop.ui.main_window import MainWindow

    window = MainWindow(Services(Context(engine, sign_in(engine, OFFICER), work)))
    window.resize(1280, 800)
    window.show()
    shot = save(window, path, app)
    window.close()
    return shot


def court_case(window, services, ref: str, work: Path, out: Path, suffix: str, app) -> list[Path]:  # noqa: ANN001
    """The demo's court-ready case: its People (a withheld witness), its notice once packed and served,
    the bundle page after a build, and the bundle open in the preview with its bookmarks."""
    services.notices.pack(ref, "s83_ground2", work / "pack")
    services.notices.served(ref, 1, "first_class_post", services.ctx.now(), "Tomasz Nowak")
    built = services.bundles.build(ref, "possession", work / "bundle.pdf")
    ws = window.case_tabs.open_case(ref)
    people = ws.page("People")
    people.table.selectRow(next(r for r in range(people.model.rowCount())
                                if people.model.record(r).withheld and not people.model.record(r).anonymous))
    shots = [save(window, out / f"case-people{suffix}.png", app)]
    tab = ws.page("Notices and bundle")
    tab.pages.setCurrentWidget(tab.notices)
    tab.notices.table.selectRow(0)
    shots.append(save(window, out / f"notices{suffix}.png", app))
    tab.pages.setCurrentWidget(tab.bundle)
    tab.bundle.reset_layout()
    tab.bundle.run_checks()
    shots.append(save(window, out / f"court-bundle{suffix}.png", app))
    tab.bundle.preview(built.stored_path, built.version)
    from PySide6.QtTest import QTest

    QTest.qWait(800)  # QPdfView renders pages on its own thread
    shots.append(save(tab.bundle.dialog, out / f"bundle-preview{suffix}.png", app))
    tab.bundle.dialog.close()
    return shots


def case_evidence(window, services, work: Path, path: Path, app) -> Path:  # noqa: ANN001
    """The new case's Evidence tab after a complainant's recording, photo and letter were added."""
    import numpy as np
    import soundfile as sf
    from PIL import Image
    from reportlab.pdfgen import canvas

    folder = work / "from-the-complainant"
    folder.mkdir()
    rng = np.random.default_rng(3)
    seconds = np.arange(44100 * 20) / 44100
    loud = 0.04 + 0.3 * (np.sin(2 * np.pi * seconds / 9) > 0.2) * (0.6 + 0.4 * np.sin(2 * np.pi * seconds / 3))
    beat = loud * np.sin(2 * np.pi * 60 * seconds) * (np.sin(2 * np.pi * 2 * seconds) > 0)
    sf.write(folder / "2026-11-20 23-14-05.wav", (beat + rng.normal(0, 0.01, len(seconds))).astype("float32"), 44100)
    Image.new("RGB", (640, 480), (90, 110, 140)).save(folder / "damaged-door.png")
    letter = canvas.Canvas(str(folder / "letter-from-neighbour.pdf"))
    letter.drawString(72, 770, "Dear Sir or Madam, the music from Flat 6 went on until 3am again.")
    letter.save()
    ws = window.case_tabs.workspace()
    services.evidence.add_files(ws.reference, [folder], source="complainant")
    ws.reload()
    tab = ws.page("Evidence")
    settle(app)
    tab.choose(next(i.uid for i in tab.model.items if i.kind == "noise"))
    return save(window, path, app)


def case_documents(window, services, out: Path, suffix: str, app) -> list[Path]:  # noqa: ANN001
    """The new case's Documents tab with a drafted statement, the witness review window (a change asked
    for), Appendix 2 and the letters dialog after a warning letter."""
    ws = window.case_tabs.workspace()
    services.statements.draft(ws.reference, "Zoë Okafor", court="In the County Court at Ashford",
                              claim_number="K00AS123")
    ws.reload()
    tab = ws.page("Documents")
    shots = [save(window, out / f"documents-tab{suffix}.png", app)]
    for name, open_dialog in (("statement-language", tab.language), ("witness-support", tab.witness_support)):
        dialog = open_dialog()
        dialog.resize(1000, 720)
        if name == "statement-language":  # filled in as an officer would, for the picture (not saved)
            dialog.language.setText("Polish")
            dialog.translator_name.setText("Anna Kowalska")
            dialog.translated_on.setText("2026-12-03")
            for row, words in enumerate(("Nazywam się Zoë Okafor. Mieszkam pod adresem Flat 3, 12 Ship Lane, "
                                         "Ashford, TN23 1AB.", "Nie jestem stroną w tej sprawie.")):
                dialog.table.item(row, 1).setText(words)
        shots.append(save(dialog, out / f"{name}{suffix}.png", app))
        dialog.close()
    review = tab.start_review("2468")  # the PIN the officer set on opening it (the set-up dialog is skipped)
    review.showNormal()  # the picture at the window's usual size; the witness sees it full screen
    review.resize(1280, 800)
    review.set_font_size(18)
    review.ask_change(review.cards[4])
    review.request_text.setPlainText("It was after midnight, not 11pm.")
    shots.append(save(review, out / f"witness-review{suffix}.png", app))
    review.save_request()
    review.ask_to_leave()  # handing back: only the officer's PIN ends the review
    shots.append(save(review, out / f"witness-leave{suffix}.png", app))
    review.try_leave("2468")
    shots += witness_signing(tab, services, ws.reference, out, suffix, app)
    form = tab.appendix2()
    form.resize(1180, 780)
    shots.append(save(form, out / f"appendix-2{suffix}.png", app))
    form.close()
    letters = tab.letters()
    letters.choose("warning_letter")
    letters.generate()
    shots.append(save(letters, out / f"letters{suffix}.png", app))
    letters.close()
    return shots


def witness_signing(tab, services, reference: str, out: Path, suffix: str, app) -> list[Path]:  # noqa: ANN001
    """The officer declines the witness's request with a reason and makes the statement final; the witness
    reads to the end, sees the decision and the statement of truth beside the signature box; and the
    review pack a witness takes home (its first page)."""
    import subprocess

    request = services.signing.open_requests(reference, 1)[0]
    services.signing.resolve_request(reference, 1, request.uid, "declined",
                            "Your diary sheet and the recording both say 23:10, so the time stays.")
    pack = services.review_packs.review_pack(reference, 1)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pack.path),
                    str(out / f"review-pack{suffix}")], check=True)
    shots = [out / f"review-pack{suffix}.png"]
    print(f"wrote {shots[0]}")
    for finding in services.signing.check(reference, 1):  # what the preflight finds, waived for the picture
        services.signing.waive(reference, 1, finding.key, "Shown for the user guide")
    services.signing.finalise(reference, 1)
    review = tab.start_review("2468")
    review.showNormal()
    review.resize(1280, 800)
    review.set_font_size(14)
    settle(app)
    bar = review.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())  # the witness has read to the end
    settle(app)
    review.typed.setText("Zoë Okafor")
    shots.append(save(review, out / f"witness-signing{suffix}.png", app))
    review.try_leave("2468")
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--dark", action="store_true", help="also (only) the dark theme, as NAME-dark.png")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    run(args.out, args.cases, args.dark)
    return 0


if __name__ == "__main__":
    sys.exit(main())
