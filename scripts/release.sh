#!/usr/bin/env bash
# Build Seatcast's release artifacts on Debian, from crates.io and Debian
# packages only, then smoke-test them (scripts/smoke.sh).
#
#   scripts/release.sh                 # every target, then the smoke tests
#   scripts/release.sh --no-smoke      # artifacts only
#   TARGETS="linux-x64 windows-x64" scripts/release.sh
#
# Writes dist/<version>/:
#   seatcast_<version>_amd64.deb           Linux x86-64 (UOS, Kylin, Debian, Ubuntu)
#   seatcast-<version>-linux-x64.tar.gz    the same, unpackaged
#   seatcast_<version>_arm64.deb           Linux ARM64
#   seatcast-<version>-linux-arm64.tar.gz  the same, unpackaged
#   seatcast-<version>-windows-x64.zip     seatcast.exe, seatcast-cli.exe, README, the manuals, sample data
#   seatcast-<version>-windows-x64-setup.exe  per-user installer (no administrator rights)
#   SHA256SUMS
#
# One-time set-up (Debian 12):
#   apt-get install -y gcc-mingw-w64-x86-64 nsis wine wine64 gcc-aarch64-linux-gnu \
#       libc6-dev-arm64-cross xvfb imagemagick zip desktop-file-utils
#   rustup target add x86_64-pc-windows-gnu aarch64-unknown-linux-gnu
#   cargo install cargo-deb
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

smoke=1
for arg in "$@"; do
  case "$arg" in
    --no-smoke) smoke=0 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
targets=${TARGETS:-"linux-x64 windows-x64 linux-arm64"}
# Builds go where cargo puts them (CARGO_TARGET_DIR, else ./target).
tdir=${CARGO_TARGET_DIR:-target}

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
dist="$root/dist/$version"
# Only the artifacts of the targets built now are replaced: one target can be
# rebuilt without losing the others.
mkdir -p "$dist"
log="$dist/release.log"
rm -rf "$dist/smoke"
: >"$log"

need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || {
      echo "missing: $tool (see the set-up at the top of $0)" >&2
      exit 2
    }
  done
}
need cargo rustup
step() { printf '\n== %s (%s)\n' "$1" "$(date +%H:%M:%S)" | tee -a "$log"; }
started=$(date +%s)
took() { echo "   took $(($(date +%s) - $1)) s" | tee -a "$log"; }

# The unpackaged Linux folder: the binary, its desktop entry and icon, the
# README and the sample data.
linux_tarball() { # binary arch strip-tool
  local name="seatcast-$version-linux-$2"
  local stage="$dist/.stage/$name"
  rm -rf "$stage"
  mkdir -p "$stage/sample-data"
  "$3" -o "$stage/seatcast" "$1"
  cp packaging/linux/seatcast.desktop assets/icon.png README.md docs/manual.md docs/manual.zh.md "$stage/"
  cp sample-data/* "$stage/sample-data/"
  tar -C "$dist/.stage" -czf "$dist/$name.tar.gz" "$name"
}

for target in $targets; do
  case "$target" in
  linux-x64)
    step "Linux x86-64"
    need cargo-deb
    t=$(date +%s)
    rm -f "$dist/seatcast_${version}_amd64.deb" "$dist/seatcast-$version-linux-x64.tar.gz"
    # The host build (this machine is x86-64): target/release, as `cargo run --release` builds it.
    [ "$(uname -m)" = x86_64 ] || { echo "linux-x64 is built on an x86-64 host" >&2; exit 2; }
    cargo build --release --locked 2>&1 | tail -n 3 | tee -a "$log"
    cargo deb --no-build --output "$dist/seatcast_${version}_amd64.deb" 2>&1 | tail -n 2 | tee -a "$log"
    linux_tarball "$tdir/release/seatcast" x64 strip
    took "$t"
    ;;
  linux-arm64)
    step "Linux ARM64"
    need cargo-deb aarch64-linux-gnu-gcc
    t=$(date +%s)
    rm -f "$dist/seatcast_${version}_arm64.deb" "$dist/seatcast-$version-linux-arm64.tar.gz"
    export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
    cargo build --release --locked --target aarch64-unknown-linux-gnu 2>&1 | tail -n 3 | tee -a "$log"
    cargo deb --no-build --target aarch64-unknown-linux-gnu --output "$dist/seatcast_${version}_arm64.deb" 2>&1 | tail -n 2 | tee -a "$log"
    linux_tarball "$tdir/aarch64-unknown-linux-gnu/release/seatcast" arm64 aarch64-linux-gnu-strip
    took "$t"
    ;;
  windows-x64)
    step "Windows x64"
    need x86_64-w64-mingw32-gcc x86_64-w64-mingw32-strip makensis zip
    t=$(date +%s)
    rm -f "$dist/seatcast-$version-windows-x64.zip" "$dist/seatcast-$version-windows-x64-setup.exe"
    export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
    cargo build --release --locked --target x86_64-pc-windows-gnu --features console-exe 2>&1 | tail -n 3 | tee -a "$log"
    name="seatcast-$version-windows-x64"
    stage="$dist/.stage/$name"
    rm -rf "$stage"
    mkdir -p "$stage/sample-data"
    for exe in seatcast seatcast-cli; do
      x86_64-w64-mingw32-strip -o "$stage/$exe.exe" "$tdir/x86_64-pc-windows-gnu/release/$exe.exe"
    done
    cp packaging/windows/seatcast.ico README.md docs/manual.md docs/manual.zh.md "$stage/"
    cp sample-data/* "$stage/sample-data/"
    (cd "$dist/.stage" && zip -qr -X "$dist/$name.zip" "$name")
    makensis -V2 -DVERSION="$version" -DSTAGE="$stage" -DOUTFILE="$dist/$name-setup.exe" \
      packaging/windows/seatcast.nsi 2>&1 | tee -a "$log"
    took "$t"
    ;;
  *)
    echo "unknown target: $target (linux-x64, windows-x64, linux-arm64)" >&2
    exit 2
    ;;
  esac
done

step "Checksums"
(cd "$dist" && sha256sum -- *.deb *.tar.gz *.zip *.exe 2>/dev/null >SHA256SUMS)
cat "$dist/SHA256SUMS" | tee -a "$log"
(cd "$dist" && ls -l --block-size=K -- *.deb *.tar.gz *.zip *.exe 2>/dev/null) | tee -a "$log"

if [ "$smoke" = 1 ]; then
  step "Smoke tests"
  t=$(date +%s)
  scripts/smoke.sh "$dist" 2>&1 | tee -a "$log"
  took "$t"
fi
echo | tee -a "$log"
echo "release $version: $(($(date +%s) - started)) s in all; artifacts in $dist" | tee -a "$log"
