"""The wizard's side panel: what is still missing, when the response is due, who gets the case, and why."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from .preview import Preview


class SidePanel(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Report checklist: missing information, deadline and assignment")
        self.setWidgetResizable(True)
        self.setMinimumWidth(300)
        self.setMaximumWidth(380)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.step = QLabel()
        self.step.setObjectName("wizardStep")
        self.step.setAccessibleName("Step of the report")
        self.step.setStyleSheet("QLabel#wizardStep { font-weight: bold; }")
        self.steps = QLabel()
        self.steps.setWordWrap(True)
        self.steps.setObjectName("wizardSteps")
        self.steps.setAccessibleName("Steps of the report, the current one in bold")
        layout.addWidget(self.step)
        layout.addWidget(self.steps)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem with what was typed")
        self.problem.setObjectName("wizardProblem")
        self.problem.setStyleSheet("QLabel#wizardProblem { border: 2px solid #b00020; padding: 6px; }")
        self.problem.hide()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Still missing, response deadline and assignment")
        self.text.setObjectName("wizardSummary")
        layout.addWidget(self.problem)
        layout.addWidget(self.text)
        layout.addStretch(1)
        self.setWidget(body)

    def show_step(self, titles: list[str], current: int) -> None:
        """"Step 2 of 8 - Who is reporting" and every step's name, the current one in bold."""
        if not 0 <= current < len(titles):
            return
        self.step.setText(f"Step {current + 1} of {len(titles)} - {titles[current]}")
        names = (f"<b>{i + 1}. {html.escape(t)}</b>" if i == current else f"{i + 1}. {html.escape(t)}"
                 for i, t in enumerate(titles))
        self.steps.setText(" &middot; ".join(names))

    def show_problem(self, message: str) -> None:
        self.problem.setText(f"<b>Problem:</b> {html.escape(message, quote=False)}")
        self.problem.setVisible(bool(message))

    def show_preview(self, p: Preview) -> None:
        def e(text: str) -> str:
            return html.escape(text, quote=False)

        if p.gaps:
            gaps = "".join(f"<li>{e(g)}</li>" for g in p.gaps)
            missing = f"<h3>Still missing ({len(p.gaps)})</h3><ul>{gaps}</ul>"
        else:
            missing = "<h3>Nothing missing</h3><p>The 5.2 initial log is complete.</p>"
        officer = p.assignment.officer.name if p.assignment.officer else "Nobody yet"
        restricted = "<p>Restricted: hidden from officers below Team Leader.</p>" if p.assignment.restricted else ""
        self.text.setText(
            f"{missing}<h3>Response due</h3><p><b>{p.deadline.due:%A %d %B %Y}</b></p><p>{e(p.deadline.reason)}</p>"
            "<p>A high band in the full risk assessment shortens this to 1 working day (6.2).</p>"
            f"<h3>Assigned to</h3><p><b>{e(officer)}</b></p><p>{e(p.assignment.reason)}</p>{restricted}"
            f"<h3>Triage</h3><p>{e(p.triage.message)}</p>")
