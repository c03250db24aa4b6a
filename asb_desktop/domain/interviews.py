"""7.2 interview arrangements: the place agreed, a supporter or advocate, an interpreter or signer, and
the one refusal: a family member under 18 never interprets where the content is sensitive."""

from __future__ import annotations

from datetime import date

from .rules import Check

# Relationships that make the interpreter a member of the interviewee's family.
FAMILY = frozenset({
    "family", "relative", "child", "son", "daughter", "stepson", "stepdaughter", "grandchild", "grandson",
    "granddaughter", "brother", "sister", "sibling", "half-brother", "half-sister", "stepbrother", "stepsister",
    "nephew", "niece", "cousin", "grandparent", "parent", "mother", "father", "partner", "spouse", "husband",
    "wife", "aunt", "uncle", "family member",
})
SENSITIVE_WORDS = ("domestic abuse", "hate", "sexual", "safeguarding")


def is_family(relationship: str) -> bool:
    return " ".join(relationship.lower().split()) in FAMILY


def age_on(born_on: date, on: date) -> int:
    return on.year - born_on.year - ((on.month, on.day) < (born_on.month, born_on.day))


def sensitive_reasons(*, domestic_abuse: bool, hate_related: bool, safeguarding_concern: bool,
                      categories: list[str], officer_ticked: bool) -> list[str]:
    """Why an interview's content is sensitive (7.2); empty when it is not."""
    why = []
    if domestic_abuse:
        why.append("the case involves domestic abuse")
    if hate_related:
        why.append("the case is hate-related")
    if safeguarding_concern:
        why.append("the case has a safeguarding concern")
    for name in categories:
        low = name.lower()
        if any(word in low for word in SENSITIVE_WORDS):
            why.append(f"the case's category '{name}'")
    if officer_ticked:
        why.append("the officer marked the interview sensitive")
    return why


def interpreter_check(*, interpreter: str, relationship: str, age: int | None, born_on: date | None,
                      held_on: date, sensitive: list[str]) -> Check:
    """7.2: family members under 18 are never interpreters for sensitive content. A family member's age
    must be known (age or date of birth) before they interpret on a sensitive interview."""
    if not interpreter.strip() or not sensitive or not is_family(relationship):
        return Check(True, [])
    years = age_on(born_on, held_on) if born_on is not None else age
    if years is None:
        return Check(False, [f"The interpreter is a family member ({relationship}) and the content is sensitive "
                             f"({'; '.join(sensitive)}): record their age or date of birth (7.2)."])
    if years < 18:
        return Check(False, [f"A family member under 18 ({interpreter.strip()}, {relationship}, {years}) cannot "
                             f"interpret where the content is sensitive ({'; '.join(sensitive)}); arrange a "
                             "professional interpreter or signer (7.2)."])
    return Check(True, [])
