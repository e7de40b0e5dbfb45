#!/usr/bin/env bash
# Smoke tests of the release artifacts in DIST (scripts/release.sh runs this):
#
# 1. the Linux build (target/release/seatcast, or under CARGO_TARGET_DIR) runs `check`, `report --xlsx
#    --charts png` and `plan` on the sample county: the reference outputs;
# 2. the .deb, unpacked into a clean folder (dpkg -x), runs the same;
# 3. the Windows zip's seatcast.exe runs the same under Wine;
# 4. every output file matches the reference byte for byte, and the printed
#    text too (with Windows' `\` read as `/`); a workbook (a zip) records the
#    OS that wrote it, so workbooks are compared part by part;
# 5. the installer, under Wine: silently, per user, with the association;
#    files, Start menu, Apps entry and association checked, then the
#    uninstaller, which must leave nothing and give .xlsx back;
# 6. the window opens under Xvfb from the unpacked .deb and a screenshot is
#    taken; the Windows window is tried under Wine too, with each of its
#    renderers (reported, not required).
#
# Every run works in a folder whose path has Chinese characters and a space.
# Dates written into files come from SOURCE_DATE_EPOCH, so two builds agree.
#
#   scripts/smoke.sh dist/0.1.0
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dist=$(cd "${1:?usage: scripts/smoke.sh DIST}" && pwd)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

work=$(mktemp -d)
# KEEP=1 keeps the work folder to look at.
if [ "${KEEP:-0}" = 1 ]; then echo "work folder: $work"; else trap 'rm -rf "$work"' EXIT; fi
here="$work/冒烟 测试"
mkdir -p "$here"
export SOURCE_DATE_EPOCH=1764633600 # 2025-12-02
# Wine decodes paths by the locale: C.UTF-8 is on every Debian machine.
export LANG=C.UTF-8 LC_ALL=C.UTF-8
failed=0
ok() { echo "   ok: $*"; }
bad() { echo "   FAILED: $*"; failed=1; }

# run NAME COMMAND...: the three commands in $here/NAME, outputs kept there.
run() {
  local name=$1
  shift
  local dir="$here/$name"
  mkdir -p "$dir"
  (
    cd "$dir"
    "$@" --lang en check >check.txt 2>check.err
    "$@" --lang en report --xlsx --charts png --out report >report.txt 2>report.err
    "$@" --lang en plan --out plan.json >plan.txt 2>plan.err
  ) || {
    bad "$name: a command failed (see below)"
    tail -n 5 "$dir"/*.err || true
    return 0
  }
  if [ ! -d "$dir/report" ]; then
    bad "$name: the report folder was not written"
    tail -n 5 "$dir"/*.err || true
    return 0
  fi
  local n
  n=$(find "$dir/report" -type f | wc -l)
  ok "$name: check, report ($n files) and plan ran"
}

# same NAME: NAME's outputs against the Linux build's.
same() {
  local name=$1 ref="$here/linux" dir="$here/$1"
  [ -d "$dir/report" ] || { bad "$name: no report"; return 0; }
  local diffs=0 by_parts=0
  while IFS= read -r -d '' f; do
    rel=${f#"$ref"/}
    case "$rel" in
      *.err) continue ;;
      *.txt)
        if ! cmp -s <(tr '\\' '/' <"$dir/$rel") "$f"; then
          bad "$name: $rel differs"
          diff <(tr '\\' '/' <"$dir/$rel") "$f" | head -n 5 || true
          diffs=1
        fi
        ;;
      *.xlsx)
        # The zip container records the OS that wrote it ("version made by":
        # 3 Unix, 0 DOS), so Windows' workbook differs in that byte of each
        # entry. Every part inside, with its CRC and date, must be identical.
        if ! cmp -s "$dir/$rel" "$f"; then
          if same_xlsx "$dir/$rel" "$f"; then
            by_parts=$((by_parts + 1))
          else
            bad "$name: $rel differs (inside the workbook)"
            diffs=1
          fi
        fi
        ;;
      *)
        if ! cmp -s "$dir/$rel" "$f"; then
          bad "$name: $rel differs"
          diffs=1
        fi
        ;;
    esac
  done < <(find "$ref" -type f -print0)
  local count
  count=$(find "$ref" -type f ! -name '*.err' | wc -l)
  if [ "$diffs" = 0 ]; then
    ok "$name: all $count outputs byte-identical to the Linux build's"
    if [ "$by_parts" -gt 0 ]; then
      echo "       ($by_parts workbook(s) differ only in the zip's made-by-OS byte; every part inside is identical)"
    fi
  fi
  return 0
}

# same_xlsx A B: the two workbooks hold the same parts, byte for byte.
same_xlsx() {
  local a b
  a=$(mktemp -d) b=$(mktemp -d)
  unzip -q "$1" -d "$a" && unzip -q "$2" -d "$b" &&
    diff <(unzip -lv "$1" | tail -n +2) <(unzip -lv "$2" | tail -n +2) >/dev/null &&
    diff -r "$a" "$b" >/dev/null
  local rc=$?
  rm -rf "$a" "$b"
  return $rc
}

echo "-- 1. the Linux build"
linux_exe=$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd)/release/seatcast
[ -x "$linux_exe" ] || { echo "no $linux_exe: run scripts/release.sh" >&2; exit 2; }
run linux "$linux_exe"

echo "-- 2. the .deb, unpacked"
deb="$dist/seatcast_${version}_amd64.deb"
if [ -f "$deb" ]; then
  dpkg-deb -x "$deb" "$work/deb"
  dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Depends\|Installed-Size\):/   \1:/p'
  for f in usr/bin/seatcast usr/share/applications/seatcast.desktop usr/share/icons/hicolor/128x128/apps/seatcast.png; do
    [ -e "$work/deb/$f" ] || bad "the .deb lacks $f"
  done
  if command -v desktop-file-validate >/dev/null 2>&1; then
    if out=$(desktop-file-validate "$work/deb/usr/share/applications/seatcast.desktop" 2>&1) && [ -z "$out" ]; then
      ok "deb: the desktop entry is valid (desktop-file-validate)"
    else
      bad "deb: desktop entry: $out"
    fi
  fi
  run deb "$work/deb/usr/bin/seatcast"
  same deb
else
  bad "no $deb"
fi

echo "-- 3. Windows, under Wine"
zipfile="$dist/seatcast-$version-windows-x64.zip"
if [ -f "$zipfile" ] && command -v wine >/dev/null 2>&1; then
  unzip -q "$zipfile" -d "$work/win"
  exe_dir="$work/win/seatcast-$version-windows-x64"
  # Wine 8 lacks bcryptprimitives.dll (ProcessPrng): a stand-in beside the
  # exe, for this test only (the zip does not hold it).
  x86_64-w64-mingw32-gcc -shared -O2 -o "$exe_dir/bcryptprimitives.dll" \
    scripts/wine/bcryptprimitives.c -ladvapi32
  export WINEPREFIX="$work/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  wineboot -i >/dev/null 2>&1 || true
  run wine wine "$exe_dir/seatcast.exe"
  same wine
  # The console program answers the same.
  (cd "$here/wine" && wine "$exe_dir/seatcast-cli.exe" --lang en check >check-cli.txt 2>/dev/null) || true
  if cmp -s "$here/wine/check-cli.txt" "$here/wine/check.txt"; then
    ok "wine: seatcast-cli.exe check prints the same"
  else
    bad "wine: seatcast-cli.exe check differs"
  fi
else
  bad "no $zipfile, or no wine"
fi

echo "-- 4. the installer, under Wine"
setup="$dist/seatcast-$version-windows-x64-setup.exe"
if [ -f "$setup" ] && [ -n "${exe_dir:-}" ]; then
  # Silently, as IT staff deploy it, with the association asked for, over
  # another program's association for .xlsx (put back on uninstall).
  reg_default() { wine reg query "$1" /ve 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_SZ *//p'; }
  wine reg add 'HKCU\Software\Classes\.xlsx' /ve /d OtherApp.Sheet /f >/dev/null 2>&1
  wine "$setup" /S /ASSOCIATE >/dev/null 2>&1
  wineserver -w
  inst=$(find "$WINEPREFIX/drive_c/users" -maxdepth 5 -type d -path '*/AppData/Local/Programs/Seatcast' | head -n 1)
  inst=${inst:-"$WINEPREFIX/drive_c/users/missing"}
  menu=$(find "$WINEPREFIX/drive_c/users" -path '*Start Menu/Programs/Seatcast/*.lnk' | wc -l)
  if [ -x "$inst/seatcast.exe" ] && [ -f "$inst/uninstall.exe" ] && [ -f "$inst/sample-data/sample-county.xlsx" ] && [ "$menu" = 2 ]; then
    ok "installer: per user into %LOCALAPPDATA%\\Programs\\Seatcast, 2 Start-menu shortcuts, an uninstaller"
  else
    bad "installer: files or shortcuts missing ($inst, $menu shortcuts)"
  fi
  uninst=$(wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Seatcast' /v QuietUninstallString 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_SZ *//p')
  [ -n "$uninst" ] && ok "installer: listed in Apps (per user), uninstall: $uninst" || bad "installer: no uninstall entry"
  open=$(reg_default 'HKCU\Software\Classes\Seatcast.Workbook\shell\open\command')
  if [ "$(reg_default 'HKCU\Software\Classes\.xlsx')" = Seatcast.Workbook ] && [ "$(reg_default 'HKCU\Software\Classes\.csv')" = Seatcast.Workbook ] && [[ "$open" == *'seatcast.exe" "%1"' ]]; then
    ok "installer: .xlsx/.xls/.csv open with: $open"
  else
    bad "installer: association not written ($open)"
  fi
  # What a double-click runs (the open command), on a workbook whose name has
  # Chinese characters and a space; `check` prints what the window would load.
  cp sample-data/sample-county.xlsx "$here/样例 县.xlsx"
  cp "$exe_dir/bcryptprimitives.dll" "$inst/"
  if (cd "$here" && wine "$inst/seatcast.exe" --lang en check "样例 县.xlsx" >opened.txt 2>/dev/null) && grep -q "样例 县.xlsx" "$here/opened.txt"; then
    ok "installer: the installed exe reads 样例 县.xlsx passed as a double-click passes it"
  else
    bad "installer: the installed exe did not read a workbook passed to it"
  fi
  rm -f "$inst/bcryptprimitives.dll"
  wine "$inst/uninstall.exe" /S >/dev/null 2>&1
  wineserver -w
  if [ ! -e "$inst" ] && [ "$(find "$WINEPREFIX/drive_c/users" -path '*Start Menu/Programs/Seatcast*' | wc -l)" = 0 ] &&
    [ "$(reg_default 'HKCU\Software\Classes\.xlsx')" = OtherApp.Sheet ] &&
    ! wine reg query 'HKCU\Software\Classes\Seatcast.Workbook' >/dev/null 2>&1; then
    ok "uninstaller: files, shortcuts and association gone, .xlsx given back to OtherApp.Sheet"
  else
    bad "uninstaller: something was left behind"
  fi
else
  bad "no $setup, or no Wine run above"
fi

echo "-- 5. the window"
if command -v xvfb-run >/dev/null 2>&1 && [ -x "$work/deb/usr/bin/seatcast" ]; then
  shot="$here/window-deb.png"
  if timeout 180 xvfb-run -a -s "-screen 0 1400x900x24" "$work/deb/usr/bin/seatcast" \
    screenshot "$shot" --lang en --size 1400x900 >/dev/null 2>"$here/window-deb.err" && [ -s "$shot" ]; then
    ok "the installed .deb's window drew and was captured ($(identify -format '%wx%h' "$shot" 2>/dev/null || echo png))"
    mkdir -p "$dist/smoke"
    cp "$shot" "$dist/smoke/window-linux.png"
  else
    bad "the .deb's window did not open under Xvfb"
    tail -n 5 "$here/window-deb.err" || true
  fi
  if [ -n "${exe_dir:-}" ]; then
    # The Windows build's two renderers: glow (OpenGL), and wgpu through its
    # OpenGL backend (Wine's Direct3D 12 needs Vulkan, which Xvfb lacks).
    for how in SEATCAST_RENDERER=glow WGPU_BACKEND=gl; do
      shot="$here/window-wine-${how%%=*}.png"
      # A Wine session started without a display (the commands above) would
      # keep serving this one, and its windows would never show: end it.
      wineserver -k 2>/dev/null || true
      if timeout 180 env "$how" xvfb-run -a -s "-screen 0 1400x900x24" wine "$exe_dir/seatcast.exe" \
        screenshot "$shot" --lang en --size 1400x900 >/dev/null 2>"$here/window-wine.err" && [ -s "$shot" ]; then
        echo "   also: the Windows window drew under Wine ($how) and was captured"
        mkdir -p "$dist/smoke"
        cp "$shot" "$dist/smoke/window-wine-${how%%=*}.png"
      else
        echo "   note: the Windows window did not draw under Wine ($how; not required, see docs/manual.md)"
        grep -v '^$' "$here/window-wine.err" | tail -n 3 | sed 's/^/     /' || true
      fi
    done
  fi
else
  bad "no xvfb-run, or no unpacked .deb"
fi

if [ "$failed" = 0 ]; then
  echo "smoke tests: all passed"
else
  echo "smoke tests: FAILED"
  exit 1
fi
