"""7.5: abbreviations and text-speak are flagged as whole words; the allow-list is honoured."""

from __future__ import annotations

from pathlib import Path

import pytest

from asb_desktop.domain import plain_english
from asb_desktop.domain.plain_english import check_plain_english


def _words(text: str) -> list[str]:
    return [f.word for f in check_plain_english(text)]


def test_text_speak_and_abbreviations_are_flagged() -> None:
    assert _words("Smith v. Jones, u said ppl were shouting tho") == ["v.", "u", "ppl", "tho"]


def test_whole_word_matching_does_not_flag_parts_of_words() -> None:
    # "u" inside "until", "ppl" inside nothing, "tho" inside "those"/"though", "v." inside "dev."
    assert _words("Until then those people thought the neighbour would move; see the dev. notes.") == []
    assert _words("She said you could call though.") == []


def test_allow_listed_acronyms_are_not_flagged() -> None:
    assert _words("The TV was loud; the GP, CCTV and ASB team were told.") == []
    assert _words("The XYZ was loud.") == ["XYZ"]


def test_suggestion_names_the_plain_word() -> None:
    (finding,) = check_plain_english("ppl gathered")
    assert finding.word == "ppl" and "people" in finding.message


def test_the_lists_are_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plain_english.toml").write_text('allowed = ["XYZ"]\n[abbreviations]\n"blah" = "more"\n[slang]\n')
    monkeypatch.setattr(plain_english, "forms_dir", lambda: tmp_path)
    assert _words("The XYZ said blah, u know") == ["blah"]
