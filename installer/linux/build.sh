#!/usr/bin/env bash
# Build the Linux package: dist/asb-desktop-<version>-linux-<arch>.tar.gz
# One folder made by PyInstaller (installer/asb-desktop.spec) holding the window (asb-desktop), the
# command line (asb), their own Python and Qt, forms/ and resources/; plus the .desktop file, the icon
# and install.sh. Runs in the project's virtualenv: `./dev package` sets that up and calls this.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}

if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "build: PyInstaller is not installed in $PY's environment: run ./dev package" >&2
  exit 1
fi
version=$("$PY" -c "import sys; sys.path.insert(0, 'installer'); import manifest; print(manifest.version())")
name="asb-desktop-${version}-linux-$(uname -m)"
work=build/pyinstaller
stage=build/stage

echo "build: PyInstaller (one folder) ..." >&2
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$work/dist" --workpath "$work/build" installer/asb-desktop.spec

rm -rf "$stage"
mkdir -p "$stage/$name" dist
cp -a "$work/dist/asb-desktop/." "$stage/$name/"
ln -s asb-desktop "$stage/$name/asb"  # one program, two names (installer/entry.py)
# Debug symbols off the Python modules and libpython (about 60 MB); libraries vendored by wheels
# (*.libs folders) are left as built, since stripping patched ELF files can break them.
if command -v strip >/dev/null && command -v file >/dev/null; then
  find "$stage/$name/_internal" -name '*.so*' -type f -not -path '*.libs/*' -print0 |
    while IFS= read -r -d '' lib; do
      if file "$lib" | grep -q 'not stripped'; then strip --strip-debug "$lib"; fi
    done
fi
cp installer/linux/asb-desktop.desktop installer/linux/install.sh installer/linux/DEPENDS "$stage/$name/"
cp resources/icons/asb-desktop.png resources/icons/asb-desktop.svg "$stage/$name/"
chmod +x "$stage/$name/install.sh" "$stage/$name/asb-desktop"
cat > "$stage/$name/README.txt" <<TXT
ASB Desktop $version for Linux ($(uname -m))

Start it from this folder:      ./asb-desktop
Add it to the applications menu (for you):            ./install.sh
Add it for everyone (after unpacking under /opt):     sudo ./install.sh --system
Remove the menu entry again:                          ./install.sh --uninstall   (add --system if used)
The command line is ./asb (./asb --help).

Python and Qt are inside this folder. The system packages it depends on are listed in DEPENDS
(speech-dispatcher, for reading statements aloud to witnesses): install.sh checks them, and
sudo ./install.sh --system installs any that are missing with apt-get. Your data stays in
~/.local/share/asb-desktop (database, stored files, backups, logs) when you upgrade or remove the
program. See docs/installing.md and docs/upgrading.md in the source for more.
TXT
tar -C "$stage" -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz"
