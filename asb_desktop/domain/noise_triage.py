"""Noise triage: the ASB procedure or Good Neighbourhood Management (GNM)?

The Housing Ombudsman's spotlight report on noise complaints (October 2022) found landlords handling
everyday household noise as anti-social behaviour. A noise report is therefore triaged against a
checklist held as data (``forms/noise_triage.toml``): when the noise happens (night is 23:00-07:00 by
default), how often, whether it is deliberate or aimed at the complainant, and what kind of noise it is.

The rule, in order:

1. deliberate or targeted noise goes to the ASB procedure, whatever the noise;
2. noise that is not everyday living (loud music, parties, shouting ...) goes to the ASB procedure;
3. everyday living noise (footsteps, doors, children playing, appliances, conversation) goes to GNM,
   unless every aggravating factor in ``everyday_to_asb_when`` (night and frequent by default) applies;
4. a report that names no kind of noise stays with the ASB procedure, to be assessed in the usual way.

Answers are a mapping: each checklist id to yes/no, plus optional ``time`` ("HH:MM", when the noise
usually happens), ``times_per_week`` (a whole number), or ``night`` / ``frequent`` given directly.
Pure: no database, no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from .enums import NoiseTrack
from .forms import FormError, load_toml

FACTORS = ("night", "frequent")
EXTRA_KEYS = ("time", "times_per_week", "night", "frequent")


@dataclass(frozen=True)
class NoiseQuestion:
    id: str
    text: str
    group: str  # "intent", "nuisance" or "everyday"


@dataclass(frozen=True)
class NoiseChecklist:
    id: str
    title: str
    version: int
    questions: tuple[NoiseQuestion, ...]
    night_starts: time = time(23, 0)
    night_ends: time = time(7, 0)
    frequent_per_week: int = 3
    everyday_to_asb_when: tuple[str, ...] = FACTORS

    def group(self, name: str) -> tuple[NoiseQuestion, ...]:
        return tuple(q for q in self.questions if q.group == name)

    def ids(self) -> list[str]:
        return [q.id for q in self.questions]


@dataclass(frozen=True)
class NoiseDecision:
    track: NoiseTrack
    reason: str


def hhmm(at: time) -> str:
    """"23:00": formatted by hand (strftime goes through the import hook PySide6 installs)."""
    return f"{at.hour:02d}:{at.minute:02d}"


def _clock(value: object, field: str) -> time:
    try:
        hours, minutes = str(value).strip().split(":")
        return time(int(hours), int(minutes))
    except (ValueError, TypeError):
        raise FormError(f"noise triage: '{field}' must be a time like 23:00, not '{value}'") from None


def is_night(at: time, starts: time = time(23, 0), ends: time = time(7, 0)) -> bool:
    """True when ``at`` falls in the night window (which may cross midnight)."""
    if starts <= ends:
        return starts <= at < ends
    return at >= starts or at < ends


def _yes(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0", ""):
        return False
    raise FormError(f"noise triage: the answer to '{field}' must be yes or no, not '{value}'")


def clean_answers(checklist: NoiseChecklist, answers: Mapping[str, object]) -> dict[str, object]:
    """Check and normalise answers: yes/no to bool, ``time`` to "HH:MM", ``times_per_week`` to int.
    Raises ``FormError`` naming the unknown or badly answered field."""
    known = set(checklist.ids()) | set(EXTRA_KEYS)
    unknown = sorted(set(answers) - known)
    if unknown:
        raise FormError(f"noise triage: unknown question '{unknown[0]}'; the questions are "
                        + ", ".join(list(EXTRA_KEYS) + checklist.ids()))
    out: dict[str, object] = {}
    for key, value in answers.items():
        if value is None or value == "":
            continue
        if key == "time":
            out[key] = hhmm(_clock(value, "time"))
        elif key == "times_per_week":
            try:
                count = int(str(value).strip())
            except ValueError:
                raise FormError(f"noise triage: 'times_per_week' must be a whole number, not '{value}'") from None
            if count < 0:
                raise FormError("noise triage: 'times_per_week' cannot be negative")
            out[key] = count
        else:
            out[key] = _yes(value, key)
    return out


def _factors(checklist: NoiseChecklist, answers: Mapping[str, object]) -> dict[str, bool]:
    night = bool(answers.get("night"))
    if "time" in answers:
        night = is_night(_clock(answers["time"], "time"), checklist.night_starts, checklist.night_ends)
    frequent = bool(answers.get("frequent"))
    if "times_per_week" in answers:
        frequent = int(str(answers["times_per_week"])) >= checklist.frequent_per_week
    return {"night": night, "frequent": frequent}


def _names(questions: tuple[NoiseQuestion, ...]) -> str:
    return "; ".join(q.text.rstrip("?") for q in questions)


def decide(checklist: NoiseChecklist, answers: Mapping[str, object]) -> NoiseDecision:
    """Route a noise report to the ASB procedure or to GNM, with the reason in words."""
    answers = clean_answers(checklist, answers)
    factors = _factors(checklist, answers)
    when = [f"at night ({hhmm(checklist.night_starts)}-{hhmm(checklist.night_ends)})" if name == "night"
            else f"frequent ({checklist.frequent_per_week} or more times a week)"
            for name in FACTORS if factors[name]]
    context = f"; it is {' and '.join(when)}" if when else ""
    tail = f" (checklist '{checklist.id}' version {checklist.version})."
    intent = tuple(q for q in checklist.group("intent") if answers.get(q.id))
    if intent:
        return NoiseDecision(NoiseTrack.ASB, "ASB procedure: the noise is deliberate or targeted - "
                             + _names(intent) + context + tail)
    nuisance = tuple(q for q in checklist.group("nuisance") if answers.get(q.id))
    if nuisance:
        return NoiseDecision(NoiseTrack.ASB, "ASB procedure: not everyday living noise - " + _names(nuisance)
                             + context + tail)
    everyday = tuple(q for q in checklist.group("everyday") if answers.get(q.id))
    if everyday:
        needed = checklist.everyday_to_asb_when
        if needed and all(factors[name] for name in needed):
            return NoiseDecision(NoiseTrack.ASB, "ASB procedure: everyday living noise (" + _names(everyday)
                                 + f"), but {' and '.join(when)}" + tail)
        return NoiseDecision(NoiseTrack.GNM, "Good Neighbourhood Management: everyday living noise ("
                             + _names(everyday) + "), not deliberate or targeted" + context
                             + "; advice to both households and an offer of mediation" + tail)
    return NoiseDecision(NoiseTrack.ASB, "ASB procedure: no everyday living noise identified; assess the "
                         "report in the usual way" + context + tail)


def load_noise_checklist(directory: Path | None = None) -> NoiseChecklist:
    source = "noise_triage.toml"
    data = load_toml(source, directory)
    questions: list[NoiseQuestion] = []
    seen: set[str] = set(EXTRA_KEYS)
    for group in ("intent", "nuisance", "everyday"):
        raw = data.get(group, [])
        if not isinstance(raw, list):
            raise FormError(f"{source}: '{group}' must be a list of [[{group}]] tables")
        for i, q in enumerate(raw, 1):
            if not isinstance(q, dict) or not q.get("id") or not q.get("text"):
                raise FormError(f"{source}: [[{group}]] number {i} needs an 'id' and a 'text'")
            if q["id"] in seen:
                raise FormError(f"{source}: question id '{q['id']}' is used twice or is reserved")
            seen.add(q["id"])
            questions.append(NoiseQuestion(str(q["id"]), str(q["text"]), group))
    if not any(q.group == "everyday" for q in questions):
        raise FormError(f"{source}: list at least one [[everyday]] kind of living noise")
    frequent = data.get("frequent_per_week", 3)
    if not isinstance(frequent, int) or frequent < 1:
        raise FormError(f"{source}: 'frequent_per_week' must be a whole number, 1 or more")
    when = data.get("everyday_to_asb_when", list(FACTORS))
    if not isinstance(when, list) or any(w not in FACTORS for w in when):
        raise FormError(f"{source}: 'everyday_to_asb_when' must be a list of {', '.join(FACTORS)}")
    return NoiseChecklist(str(data.get("id", "noise_triage")), str(data.get("title", "Noise triage")),
                          int(data.get("version", 1)), tuple(questions),
                          _clock(data.get("night_starts", "23:00"), f"{source}: night_starts"),
                          _clock(data.get("night_ends", "07:00"), f"{source}: night_ends"),
                          frequent, tuple(when))
