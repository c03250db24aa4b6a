"""Default bundle sections per hearing type (``forms/bundles.toml``), validated on load."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..domain.forms import FormError
from ..resources import forms_dir

HEARINGS = ("possession", "injunction", "committal")
KINDS = ("chronology", "notice", "statement", "exhibit", "media", "assessment", "letter", "external")


@dataclass(frozen=True)
class SectionRule:
    title: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class HearingLayout:
    hearing: str
    title: str
    sections: tuple[SectionRule, ...]

    def section_for(self, kind: str) -> str:
        for s in self.sections:
            if kind in s.kinds:
                return s.title
        return self.sections[-1].title


def load_layout(hearing: str, directory: Path | None = None) -> HearingLayout:
    path = (directory or forms_dir()) / "bundles.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FormError(f"Bundle sections file {path} is missing.") from None
    except tomllib.TOMLDecodeError as exc:
        raise FormError(f"bundles.toml is not valid TOML: {exc}") from None
    raw = data.get(hearing)
    if not isinstance(raw, dict):
        raise FormError(f"bundles.toml: there is no [{hearing}] section (hearings: {', '.join(sorted(data))})")
    sections = []
    for i, s in enumerate(raw.get("sections", []), 1):
        if not isinstance(s, dict) or not isinstance(s.get("title"), str) or not s["title"].strip():
            raise FormError(f"bundles.toml: [{hearing}] section {i} needs a 'title'")
        kinds = s.get("kinds", [])
        bad = [k for k in kinds if k not in KINDS] if isinstance(kinds, list) else ["(not a list)"]
        if bad:
            raise FormError(f"bundles.toml: [{hearing}] section '{s['title']}' field 'kinds' has {', '.join(map(str, bad))}; "
                            f"allowed: {', '.join(KINDS)}")
        sections.append(SectionRule(s["title"].strip(), tuple(kinds)))
    if not sections:
        raise FormError(f"bundles.toml: [{hearing}] needs at least one section")
    return HearingLayout(hearing, str(raw.get("title") or f"{hearing.capitalize()} hearing bundle"), tuple(sections))
