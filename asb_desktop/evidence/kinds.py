"""Kinds and sources of evidence, detected from a file's first bytes and its name."""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    DIARY = "diary"
    NOISE = "noise"
    VIDEO = "video"
    PHOTO = "photo"
    DOCUMENT = "document"
    OTHER = "other"


class Source(StrEnum):
    COMPLAINANT = "complainant"
    WITNESS = "witness"
    OFFICER = "officer"
    POLICE = "police"
    NOISE_APP = "noise_app"
    MONITORING_EQUIPMENT = "monitoring_equipment"
    CCTV_OWNER = "cctv_owner"


AUDIO_EXT = {".wav", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".m4a", ".aac"}
VIDEO_EXT = {".mp4", ".mov", ".avi", ".m4v", ".mkv", ".3gp"}
PHOTO_EXT = {".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".webp", ".bmp", ".heic"}
PDF_EXT = {".pdf"}
WORD_EXT = {".docx", ".doc", ".odt", ".rtf"}
HEAD_BYTES = 64
# Direction overrides can disguise an extension ("photo\u202egpj.exe"); other Unicode is kept as it is.
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _ftyp_kind(head: bytes) -> str:
    brand = head[8:12]
    if brand in (b"M4A ", b"M4B ", b"M4P "):
        return "audio"
    if brand in (b"heic", b"heix", b"mif1", b"avif"):
        return "image"
    return "mp4"  # an MP4 container: sound only (a phone's .m4a) or video; the name or the streams decide


def sniff(head: bytes) -> str | None:
    """What the first bytes say the file is: audio, video, image, pdf, word, zip or None (unknown)."""
    if head.startswith(b"RIFF") and head[8:12] in (b"WAVE",):
        return "audio"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "video"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image"
    if head.startswith((b"fLaC", b"OggS", b"ID3")) or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
                                                       and head[1] & 0x06):
        return "audio"
    if head[4:8] == b"ftyp":
        return _ftyp_kind(head)
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")):
        return "image"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0") or head.startswith(b"{\\rtf"):
        return "word"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video"
    return None


def by_extension(name: str) -> str | None:
    ext = Path(name).suffix.lower()
    for family, exts in (("audio", AUDIO_EXT), ("video", VIDEO_EXT), ("image", PHOTO_EXT), ("pdf", PDF_EXT),
                         ("word", WORD_EXT)):
        if ext in exts:
            return family
    return None


FAMILY_KIND = {"audio": Kind.NOISE, "video": Kind.VIDEO, "image": Kind.PHOTO, "pdf": Kind.DOCUMENT,
               "word": Kind.DOCUMENT}
FAMILY_WORDS = {"audio": "a sound recording", "video": "a video", "image": "a picture", "pdf": "a PDF",
                "word": "a word-processor document", "zip": "a zip archive"}


def family_of(head: bytes, name: str) -> tuple[str | None, str | None]:
    """(family from the content, family from the name); a Word .docx is a zip whose name says word."""
    content = sniff(head)
    named = by_extension(name)
    if content == "zip" and named == "word":
        content = "word"
    if content == "mp4":
        content = named if named in ("audio", "video") else "video"
    return content, named


def sanitise_name(name: str) -> str:
    """The file's own name without any folder part or control characters; other Unicode is kept."""
    base = name.replace("\\", "/").split("/")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cs") and ch not in BIDI_CONTROLS)
    base = base.strip().strip(".").strip()
    if len(base.encode("utf-8")) > 255:
        stem, ext = Path(base).stem, Path(base).suffix[:20]
        while len((stem + ext).encode("utf-8")) > 255:
            stem = stem[:-1]
        base = stem + ext
    return base or "unnamed"


def parse_kind(value: str | None) -> Kind | None:
    if value is None or value == "":
        return None
    try:
        return Kind(value.strip().lower())
    except ValueError:
        raise ValueError(f"'{value}' is not a kind of evidence: use " + ", ".join(k.value for k in Kind)) from None


def parse_source(value: str | None) -> str:
    if value is None or value == "":
        return ""
    text = value.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return Source(text).value
    except ValueError:
        raise ValueError(f"'{value}' is not a source of evidence: use "
                         + ", ".join(s.value for s in Source)) from None
