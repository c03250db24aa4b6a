#!/bin/sh
# Add ASB Desktop (this unpacked folder) to the applications menu, and `asb` / `asb-desktop` to the path.
#   ./install.sh                for you: ~/.local/share/applications, ~/.local/bin
#   sudo ./install.sh --system  for everyone: /usr/share/applications, /usr/local/bin (unpack under /opt first)
#   ./install.sh --uninstall    remove the menu entry and the links (the folder and your data stay)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
system=0
uninstall=0
for arg in "$@"; do
  case "$arg" in
    --system) system=1 ;;
    --uninstall) uninstall=1 ;;
    *) echo "install.sh: unknown option $arg (use --system and/or --uninstall)" >&2; exit 2 ;;
  esac
done
if [ "$system" = 1 ]; then
  share=/usr/share; bin=/usr/local/bin
else
  share=${XDG_DATA_HOME:-$HOME/.local/share}; bin=$HOME/.local/bin
fi
apps=$share/applications
icons=$share/icons/hicolor/256x256/apps
if [ "$uninstall" = 1 ]; then
  rm -f "$apps/asb-desktop.desktop" "$icons/asb-desktop.png" "$bin/asb" "$bin/asb-desktop"
  echo "ASB Desktop removed from the menu. Delete $here to remove the program; your data is kept."
  exit 0
fi
# The system packages the program depends on (DEPENDS, one Debian package a line): read-aloud for
# witnesses needs speech-dispatcher. Installed with apt-get for --system (as root), else named.
missing=""
if [ -f "$here/DEPENDS" ] && command -v dpkg-query >/dev/null 2>&1; then
  for pkg in $(grep -v '^#' "$here/DEPENDS"); do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
  done
fi
if [ -n "$missing" ]; then
  if [ "$system" = 1 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y $missing || echo "install.sh: could not install$missing; reading aloud will not work" >&2
  else
    echo "install.sh: reading statements aloud needs:$missing. Install with: sudo apt-get install$missing" >&2
  fi
fi
mkdir -p "$apps" "$icons" "$bin"
cp "$here/asb-desktop.png" "$icons/asb-desktop.png"
sed "s|^Exec=asb-desktop|Exec=\"$here/asb-desktop\"|" "$here/asb-desktop.desktop" > "$apps/asb-desktop.desktop"
ln -sf "$here/asb-desktop" "$bin/asb-desktop"
ln -sf "$here/asb" "$bin/asb"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
echo "ASB Desktop is in the applications menu; 'asb' and 'asb-desktop' are in $bin."
