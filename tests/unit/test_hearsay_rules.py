"""PD 32 18.2 and CPR 33.2: which paragraphs are hearsay, and whether each gives its source."""

from __future__ import annotations

from asb_desktop.domain import hearsay


def _numbered(*paras: dict) -> list[tuple[str | None, dict]]:
    return [(str(i), p) for i, p in enumerate(paras, 1)]


def test_marked_paragraphs_are_hearsay_whatever_the_words() -> None:
    paras = _numbered({"text": "I saw the door kicked."},
                      {"text": "The door was kicked at 2am.", "hearsay": {"source": "Mr A Patel of 3 Elm Road"}},
                      {"text": "A man kicked it.", "hearsay": {"withheld": True, "source": "a neighbour",
                                                           "reason": "they fear reprisals"}})
    found = hearsay.items(paras)
    assert [i.paragraph for i in found] == ["2", "3"]
    assert found[0].describe() == "Mr A Patel of 3 Elm Road"
    assert "identity is withheld because they fear reprisals" in found[1].describe()
    assert hearsay.gaps(found) == []
    assert "came from Mr A Patel" in hearsay.source_line(found[0])


def test_a_source_neither_named_nor_withheld_with_a_reason_is_a_gap() -> None:
    found = hearsay.items(_numbered({"text": "x", "hearsay": {"source": ""}},
                                    {"text": "y", "hearsay": {"withheld": True, "source": "a neighbour"}}))
    fields = [f for f, _ in hearsay.gaps(found)]
    assert fields == ["paragraph 1.hearsay.source", "paragraph 2.hearsay.reason"]


def test_common_phrasings_are_suggested_not_decided() -> None:
    assert hearsay.suggests_hearsay("Mrs Jones told me that the music went on until 3am.")
    assert hearsay.suggests_hearsay("According to the caretaker, the lift was damaged.")
    assert hearsay.suggests_hearsay("She saw him kick the door.")
    assert not hearsay.suggests_hearsay("I heard music from Flat 4 for 45 minutes.")
    paras = _numbered({"text": "I was told by a neighbour it happened again."},
                      {"text": "He said that he would come back.", "hearsay": {"source": "Mr Patel"}})
    assert hearsay.suggestions(paras, hearsay.items(paras)) == ["1"]


def test_an_older_drafts_anonymous_witness_paragraphs_still_count() -> None:
    paras = _numbered({"text": "a"}, {"text": "b"})
    found = hearsay.items(paras, {"paragraphs": [2], "source": "a resident", "reason": "they fear reprisals"})
    assert [(i.paragraph, i.withheld) for i in found] == [("2", True)]
