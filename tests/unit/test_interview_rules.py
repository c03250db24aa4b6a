"""7.2: a family member under 18 never interprets sensitive content (domain/interviews.py)."""

from __future__ import annotations

from datetime import date

from asb_desktop.domain.interviews import age_on, interpreter_check, is_family, sensitive_reasons

HELD = date(2026, 11, 21)


def check(relationship: str, age: int | None = None, born_on: date | None = None, sensitive: bool = True):  # noqa: ANN201
    return interpreter_check(interpreter="Amira", relationship=relationship, age=age, born_on=born_on,
                             held_on=HELD, sensitive=["the case is hate-related"] if sensitive else [])


def test_family_under_18_refused_only_for_sensitive_content() -> None:
    refused = check("Daughter", age=15)
    assert not refused.allowed and "under 18" in refused.reasons[0] and "7.2" in refused.reasons[0]
    assert check("daughter", age=15, sensitive=False).allowed
    assert check("daughter", age=18).allowed
    assert check("professional", age=15).allowed  # not family: the rule is about family members


def test_age_from_date_of_birth_and_unknown_age() -> None:
    assert age_on(date(2008, 11, 22), HELD) == 17 and age_on(date(2008, 11, 21), HELD) == 18
    assert not check("son", born_on=date(2008, 11, 22)).allowed
    assert check("son", born_on=date(2008, 11, 21)).allowed
    unknown = check("family member")
    assert not unknown.allowed and "age or date of birth" in unknown.reasons[0]
    assert interpreter_check(interpreter="", relationship="son", age=12, born_on=None, held_on=HELD,
                             sensitive=["x"]).allowed  # no interpreter at all


def test_sensitive_reasons() -> None:
    assert sensitive_reasons(domestic_abuse=False, hate_related=False, safeguarding_concern=False,
                             categories=["Noise"], officer_ticked=False) == []
    why = sensitive_reasons(domestic_abuse=True, hate_related=True, safeguarding_concern=True,
                            categories=["Sexual harassment", "Hate incident"], officer_ticked=True)
    assert len(why) == 6
    assert is_family("Step sister") is False and is_family("  Sister ") is True
