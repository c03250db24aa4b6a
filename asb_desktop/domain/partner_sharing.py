"""12.1: information about a case is shared with a partner only where an information-sharing protocol
with that partner is recorded."""

from __future__ import annotations

from collections.abc import Iterable

from .rules import Check


def partner_key(name: str) -> str:
    """How partner names are compared: case, spacing and a leading "the" do not matter."""
    words = name.casefold().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def sharing_allowed(partner: str, protocol_partners: Iterable[str]) -> Check:
    """Whether information may be shared with ``partner`` given the partners with a recorded protocol."""
    if not partner.strip():
        return Check(False, ["Say which partner the information was shared with."])
    if partner_key(partner) in {partner_key(p) for p in protocol_partners}:
        return Check(True, [f"An information-sharing protocol with {partner.strip()} is recorded (procedure 12.1)."])
    return Check(False, [f"There is no information-sharing protocol recorded with {partner.strip()}. Information "
                         "is shared with a partner only under a protocol (procedure 12.1): an administrator "
                         "records the protocol first."])
