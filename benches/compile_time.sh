#!/usr/bin/env bash
# Compile time of generated code: specgen's crate against typify's types for
# the same synthetic spec (N endpoints of 20 constrained fields; typify reads
# the JSON Schema that `specgen export` writes for it). Prints a table of
# wall-clock seconds for `cargo check`, a debug build and a release build of
# each crate, dependencies prebuilt (each crate first builds with an empty
# lib.rs, then with its generated code), and the load average and peak
# memory (with GNU time, when the machine has it) beside them.
#
#   benches/compile_time.sh [N]        (default 100; BENCHMARKS.md uses 1000)
#   PROFILES="check debug" benches/compile_time.sh 1000
#
# Figures only: this script asserts nothing about time, so CI can run it on
# any machine. It needs cargo and network access to crates.io, nothing else.
set -euo pipefail
N="${1:-100}"
PROFILES="${PROFILES:-check debug release}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${COMPILE_TIME_DIR:-${TMPDIR:-/tmp}/specgen-compile-time-$N}"
OUTER_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# The crates' own target directory: never the workspace's.
export CARGO_TARGET_DIR="$WORK/target"

echo "== writing the crates for $N endpoints into $WORK"
(cd "$ROOT" && CARGO_TARGET_DIR="$OUTER_TARGET_DIR" cargo run -q -p specgen-benches --features peers --example compile_crates -- "$N" "$WORK")

# ours: types and validators (no default features, like typify's types only);
# ours+clients: the crate as `chat-apis` ships, with clients and CLI deps.
CRATES=(ours typify)
[ "${WITH_CLIENTS:-0}" = 1 ] && CRATES+=(ours+clients)

flags() {
  case "$1" in
    ours) echo "--no-default-features" ;;
    ours+clients) echo "--no-default-features --features client" ;;
    *) echo "" ;;
  esac
}

dir_of() { case "$1" in ours*) echo "$WORK/ours" ;; *) echo "$WORK/$1" ;; esac; }

cargo_cmd() {
  case "$1" in
    check) echo "check --lib" ;;
    debug) echo "build --lib" ;;
    release) echo "build --lib --release" ;;
  esac
}

declare -A SECS
# GNU time's `-f %M` (peak resident memory); BSD's /usr/bin/time has no -f.
GNU_TIME=0
if /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then GNU_TIME=1; fi
# Dependencies first, for every crate and profile, so the timed builds
# compile only the generated code.
for crate in "${CRATES[@]}"; do
  dir="$(dir_of "$crate")"
  rm -rf "$dir/src.generated" && mv "$dir/src" "$dir/src.generated"
  mkdir -p "$dir/src" && : > "$dir/src/lib.rs"
  if [ -f "$dir/src.generated/main.rs" ]; then echo 'fn main() {}' > "$dir/src/main.rs"; fi
  for p in $PROFILES; do
    echo "== prebuilding the dependencies of $crate ($p)"
    (cd "$dir" && cargo $(cargo_cmd "$p") -q $(flags "$crate"))
  done
  rm -r "$dir/src" && mv "$dir/src.generated" "$dir/src"
done
# Then the timed builds, interleaved: for each profile the crates take
# turns, so a change in the machine's load falls on all of them alike.
for p in $PROFILES; do
  for crate in "${CRATES[@]}"; do
    dir="$(dir_of "$crate")"
    touch "$dir/src/lib.rs"
    load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
    start=$(date +%s.%N)
    if [ "$GNU_TIME" = 1 ]; then
      # Peak resident memory of the largest process (rustc), in GB.
      (cd "$dir" && /usr/bin/time -f %M -o "$WORK/peak" cargo $(cargo_cmd "$p") -q $(flags "$crate"))
      peak=", $(awk '{ printf "%.2f GB", $1 / 1048576 }' "$WORK/peak")"
    else
      (cd "$dir" && cargo $(cargo_cmd "$p") -q $(flags "$crate"))
      peak=""
    fi
    end=$(date +%s.%N)
    SECS[$crate.$p]="$(awk "BEGIN { printf \"%.1f\", $end - $start }") s (load $load$peak)"
    echo "   $crate $p: ${SECS[$crate.$p]}"
  done
done

lines() { cat "$@" | wc -l; }
echo
echo "compile time at $N endpoints, seconds (load average at the start, peak memory); nproc $(nproc)"
echo "lines: ours $(lines "$WORK"/ours/src/*.rs), typify $(lines "$WORK"/typify/src/lib.rs)"
printf '%-14s' "crate"; for p in $PROFILES; do printf '%-32s' "$p"; done; echo
for crate in "${CRATES[@]}"; do
  printf '%-14s' "$crate"
  for p in $PROFILES; do printf '%-32s' "${SECS[$crate.$p]}"; done
  echo
done
