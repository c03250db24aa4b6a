"""12.1: information shared with a partner agency, on a case. Information is shared only under a recorded
information-sharing protocol: the dialog offers the partners with one and shows the protocol's reference;
any other partner is refused by the service (``domain.partner_sharing.sharing_allowed``) with its plain
message, and the refusal is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox

from ...domain.partner_sharing import partner_key
from ..widgets.fields import date_edit, message_label, named, text_area, to_date
from ..widgets.form_dialog import FormDialog
from ..workspace.changes import Changes

if TYPE_CHECKING:
    from ..workspace.host import WorkspaceHost


class PartnerShareDialog(FormDialog):
    """Which partner, what was shared, under which protocol, and when."""

    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws, f"Information shared with a partner on {ws.reference}", self._save_it)
        self.ws = ws
        self.protocols = {partner_key(p.partner_name): p for p in ws.services.partners.protocols()}
        self.partner = named(QComboBox(), "Partner agency", "The partner the information was shared with")
        self.partner.setEditable(True)
        self.partner.addItems([p.partner_name for p in self.protocols.values()])
        self.row("Partner", self.partner)
        self.protocol = message_label("Information-sharing protocol")
        self.row("Protocol", self.protocol)
        self.on = date_edit("Date the information was shared", ws.services.ctx.now().date())
        self.row("Date shared", self.on)
        self.what = text_area("What was shared", "", 4)
        self.row("What was shared", self.what)
        self.partner.currentTextChanged.connect(self._show_protocol)
        self._show_protocol(self.partner.currentText())

    def _show_protocol(self, name: str) -> None:
        protocol = self.protocols.get(partner_key(name))
        if protocol is not None:
            text = f"{protocol.protocol_reference}, agreed {protocol.agreed_on:%d/%m/%Y}"
        elif name.strip():
            text = (f"No information-sharing protocol is recorded with {name.strip()}: information is shared with a "
                    "partner only under a protocol (procedure 12.1). An administrator records the protocol first.")
        elif self.protocols:
            text = "Choose the partner."
        else:
            text = "No information-sharing protocol is recorded with any partner yet (procedure 12.1)."
        self.protocol.setText(text)

    def _save_it(self, _dialog: FormDialog) -> bool:
        ok, _ = self.ws.change(Changes.RECORDS, self.ws.services.records.share_information, self.ws.reference,
                               self.partner.currentText(), to_date(self.on), self.what.toPlainText())
        return ok
