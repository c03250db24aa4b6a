#!/usr/bin/env bash
# Smoke-test the built Linux package the way a clean machine would run it: unpack the tarball, then run
# the frozen programs with an empty environment (no virtualenv, no PYTHONPATH, only /usr/bin:/bin).
#   installer/linux/smoke_test.sh dist/asb-desktop-<version>-linux-x86_64.tar.gz
# Checks: both programs start; `asb` makes a demo database; the window starts offscreen on a first run
# (adding its demo cases) and exits 0; a witness statement renders to PDF from the packaged templates and
# fonts (read back with pdftotext/pdffonts); install.sh puts a valid menu entry in place; the package
# (the tarball that is downloaded) is under 250 MB. The unpacked size is printed.
set -euo pipefail
tarball=${1:?usage: smoke_test.sh PACKAGE.tar.gz}
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -C "$tmp" -xzf "$tarball"
dir=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name 'asb-desktop-*' | head -1)
[ -n "$dir" ] || fail "the tarball has no asb-desktop-* folder"
grep -qx speech-dispatcher "$dir/DEPENDS" 2>/dev/null || fail "DEPENDS does not name speech-dispatcher (read aloud)"
[ -L "$dir/asb" ] && [ "$(readlink "$dir/asb")" = asb-desktop ] || fail "asb is not a link to asb-desktop"
for f in asb-desktop asb asb-desktop.desktop asb-desktop.png install.sh DEPENDS README.txt _internal/forms _internal/resources/fonts; do
  [ -e "$dir/$f" ] || fail "$f is missing from the package"
done
version=$(basename "$dir" | sed -E 's/^asb-desktop-(.*)-linux-.*$/\1/')

clean() {  # run a packaged program as on a machine without the project's Python
  env -i HOME="$tmp/home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen ASB_DATA_DIR="$1" "${@:2}"
}

out=$(clean "$tmp/cli" "$dir/asb" --version) || fail "asb --version"
[ "$out" = "asb $version" ] || fail "asb --version said '$out', expected 'asb $version'"
out=$(clean "$tmp/cli" "$dir/asb" demo --cases 20) || fail "asb demo"
echo "$out" | grep -q "20 cases" || fail "asb demo did not add 20 cases: $out"
cases=$(clean "$tmp/cli" "$dir/asb" cases --json | grep -c '"reference"') || fail "asb cases"
[ "$cases" -ge 20 ] || fail "asb cases listed $cases cases, expected 20"
echo "smoke: asb made a demo database with 20 cases"

start=$(date +%s%N)
clean "$tmp/gui" "$dir/asb-desktop" --quit-after 500 || fail "asb-desktop exited with $?"
ms=$(( ($(date +%s%N) - start) / 1000000 - 500 ))
grep -q "first run: added 200 demo cases" "$tmp/gui/logs/asb.log" || fail "the window's first run added no demo cases"
grep -q "and the court-ready case ASB-" "$tmp/gui/logs/asb.log" || fail "the first run made no court-ready case"
[ -f "$tmp/gui/asb.sqlite" ] || fail "the window made no database"
echo "smoke: asb-desktop started offscreen, made its database with demo cases and exited 0 (about $ms ms to start)"

listing=$(clean "$tmp/cli" "$dir/asb" cases --json) || fail "asb cases --json"
ref=$(grep -m1 -o '"ASB-[0-9]*-[0-9]*"' <<<"$listing" | tr -d '"')  # read whole first: no broken pipe
clean "$tmp/cli" "$dir/asb" statement draft "$ref" --witness officer >/dev/null || fail "asb statement draft"
clean "$tmp/cli" "$dir/asb" statement render "$ref" 1 --witness officer --out "$tmp/statement.pdf" 2>/dev/null \
  || fail "asb statement render"
text=$(pdftotext "$tmp/statement.pdf" -) || fail "the statement is not a readable PDF"
echo "$text" | grep -q "WITNESS STATEMENT OF" || fail "the PDF has no witness statement title"
echo "$text" | grep -q "Claim number" || fail "the PDF has no claim number endorsement"
pdffonts "$tmp/statement.pdf" | grep -q "DejaVuSerif .*yes" || fail "the packaged Unicode font is not embedded"
echo "smoke: rendered a witness statement PDF for $ref ($(pdfinfo "$tmp/statement.pdf" | awk '/^Pages:/ {print $2}') pages, DejaVu Serif embedded)"

mkdir -p "$tmp/home"
env -i HOME="$tmp/home" PATH=/usr/bin:/bin sh "$dir/install.sh" >/dev/null || fail "install.sh"
entry="$tmp/home/.local/share/applications/asb-desktop.desktop"
grep -q "^Exec=\"$dir/asb-desktop\"" "$entry" || fail "the installed menu entry does not start $dir/asb-desktop"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$entry" || fail "desktop-file-validate"; fi
[ -x "$tmp/home/.local/bin/asb" ] || fail "install.sh did not link asb"
echo "smoke: install.sh added the menu entry and the asb link"

size_mb=$(( $(du -sk "$dir" | cut -f1) / 1024 ))
tar_mb=$(( $(stat -c %s "$tarball") / 1048576 ))
[ "$tar_mb" -lt 250 ] || fail "the package is $tar_mb MB, over 250 MB"
echo "smoke: passed ($tarball: $tar_mb MB download, $size_mb MB unpacked)"
