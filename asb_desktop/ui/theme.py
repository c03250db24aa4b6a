"""Light and dark palettes. The dark one keeps text contrast above WCAG AA (4.5:1) for body text,
links and disabled text alike; both use the Fusion style so every platform draws them the same."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

Role, Group = QPalette.ColorRole, QPalette.ColorGroup

DARK = {
    Role.Window: "#202124", Role.WindowText: "#E8EAED", Role.Base: "#17181A", Role.AlternateBase: "#26282B",
    Role.ToolTipBase: "#303134", Role.ToolTipText: "#E8EAED", Role.PlaceholderText: "#9AA0A6",
    Role.Text: "#E8EAED", Role.Button: "#2D2F33", Role.ButtonText: "#E8EAED", Role.BrightText: "#FFB4AB",
    Role.Link: "#8AB4F8", Role.LinkVisited: "#C58AF9", Role.Highlight: "#8AB4F8", Role.HighlightedText: "#0B1B33",
    Role.Light: "#3C4043", Role.Midlight: "#34373A", Role.Mid: "#5F6368", Role.Dark: "#111214", Role.Shadow: "#000000",
}
DARK_DISABLED = {Role.WindowText: "#9AA0A6", Role.Text: "#9AA0A6", Role.ButtonText: "#9AA0A6"}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    for role, colour in DARK_DISABLED.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    return palette


def apply_theme(app: QApplication, dark: bool) -> None:
    """Dark: Fusion with the dark palette (native styles ignore palettes). Light: the native style back."""
    if app.property("asb_native_style") is None:
        app.setProperty("asb_native_style", app.style().name())
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    elif app.property("asb_dark"):
        app.setStyle(str(app.property("asb_native_style")))
        app.setPalette(app.style().standardPalette())
    app.setProperty("asb_dark", dark)


def is_dark(app: QApplication | None = None) -> bool:
    app = app or QApplication.instance()  # type: ignore[assignment]
    return bool(app and app.property("asb_dark"))


# Text colours for states, each readable (WCAG AA, 4.5:1) on the theme's Base and Window (light, dark).
# A state is always said in words too ("OVERDUE", "High"): colour is never the only sign.
STATUS = {"overdue": ("#B00020", "#FF8A80"), "high": ("#B00020", "#FF8A80"), "warning": ("#8A4B00", "#FFB74D"),
          "ok": ("#1B5E20", "#81C995"), "restricted": ("#6A1B9A", "#D7AEFB")}
# Chart series: the Okabe-Ito hues (colour-blind safe), darkened for the light chart and lightened for
# the dark one so every bar reads at 4.5:1 on the chart's background (CHART_BACKGROUND).
CHART_COLOURS = {False: ["#007A5A", "#8F5F00", "#B34700", "#1F6FA8", "#A63D7F", "#005A8C"],
                 True: ["#4FD1A5", "#F5B942", "#FF8A65", "#8FD3FF", "#F0A6CA", "#9CC3FF"]}
CHART_BACKGROUND = {False: "#FFFFFF", True: "#17181A"}


def status_colour(kind: str, dark: bool | None = None) -> QColor:
    """The colour for a state ("overdue", "high", "warning", "ok", "restricted") in the current theme."""
    light, dim = STATUS[kind]
    return QColor(dim if (is_dark() if dark is None else dark) else light)


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
