#!/usr/bin/env bash
# One cinspect binary for any x86_64 Linux server with glibc >= $GLIBC (default 2.17,
# RHEL 7 era): a release build linked against that glibc's symbol versions with
# cargo-zigbuild (zig as the linker), the SHA-256 beside it, and a check that no
# GLIBC_ symbol above the target is needed.
#
#   pip install ziglang cargo-zigbuild      # once (both on PyPI)
#   scripts/dist.sh                         # -> dist/cinspect-<version>-x86_64-linux-gnu<glibc>
#   GLIBC=2.28 scripts/dist.sh              # another floor
#
# CINSPECT_DIST_CHECK_ONLY=FILE checks an existing binary's symbols and exits.
set -euo pipefail
cd "$(dirname "$0")/.."

glibc="${GLIBC:-2.17}"
target="x86_64-unknown-linux-gnu"

# The highest GLIBC_x.y version a binary needs; fails when above the target.
check() {
  local bin="$1" highest
  highest=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -t. -k1,1n -k2,2n -k3,3n -u | tail -1)
  echo "highest GLIBC_ symbol: ${highest:-none} (target $glibc)"
  if [ -n "$highest" ] && [ "$(printf '%s\n%s\n' "$highest" "$glibc" | sort -t. -k1,1n -k2,2n -k3,3n | tail -1)" != "$glibc" ]; then
    echo "dist: $bin needs GLIBC_$highest, above the target $glibc" >&2
    return 1
  fi
}

if [ -n "${CINSPECT_DIST_CHECK_ONLY:-}" ]; then
  check "$CINSPECT_DIST_CHECK_ONLY"
  exit
fi

PATH="$HOME/.local/bin:$PATH"
if ! command -v cargo-zigbuild >/dev/null 2>&1; then
  echo "dist: cargo-zigbuild is not installed: pip install ziglang cargo-zigbuild" >&2
  exit 2
fi
if ! command -v zig >/dev/null 2>&1 && ! python3 -m ziglang version >/dev/null 2>&1; then
  echo "dist: zig is not installed: pip install ziglang" >&2
  exit 2
fi

cargo zigbuild --release --locked --bin cinspect --target "$target.$glibc"
target_dir="${CARGO_TARGET_DIR:-target}"
built="$target_dir/$target/release/cinspect"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
mkdir -p dist
out="dist/cinspect-$version-x86_64-linux-gnu$glibc"
cp "$built" "$out"
strip "$out" 2>/dev/null || true
(cd dist && sha256sum "$(basename "$out")" > "$(basename "$out").sha256")
check "$out"
echo "$out: $(stat -c %s "$out") bytes ($(du -h "$out" | cut -f1)), glibc >= $glibc"
echo "sha256: $(cut -d' ' -f1 "$out.sha256")"
"$out" --version
