"""Removing withheld identities from text: every way a name or address is written, nothing else."""

from __future__ import annotations

from asb_desktop.court.withheld import WithheldPerson, address_terms, person_terms, redact


def test_address_terms_take_the_first_line_and_the_flat_number() -> None:
    assert address_terms("Flat 9, Æthelred Court\n12 Ship Lane\nE1 6AN") == ("Flat 9, Æthelred Court", "Flat 9")
    assert address_terms("12 Ship Lane") == ("12 Ship Lane",)
    assert address_terms("Rose Cottage, Mill Lane") == ("Rose Cottage, Mill Lane",)  # no number: the line only
    assert address_terms("  \n") == ()


def test_redact_removes_names_and_addresses_but_not_look_alikes() -> None:
    witness = WithheldPerson("the withheld witness (1)", person_terms("Gráinne", "O'Hara", "Ms"),
                             address_terms("Flat 9, Æthelred Court"))
    text = "Ms Gráinne O'Hara of Flat 9 saw it; O'HARA said so. Flat 90 was empty. 李小龍 too."
    assert redact(text, [witness]) == "[withheld] of [withheld] saw it; [withheld] said so. Flat 90 was empty. 李小龍 too."
    cjk = WithheldPerson("w", person_terms("李", "小龍"))
    assert redact("李小龍 and 李 小龍 saw it", [cjk]) == "[withheld] and [withheld] saw it"
