#!/usr/bin/env bash
# Times an example's release build as a whole process: RUNS runs writing to one output
# directory (kept between runs, as in an edit-and-synthesize loop; FRESH=1 deletes it before
# every run), then prints the median, fastest and slowest wall time and the peak memory. Not
# run in CI; see docs/performance.md.
#
#   scripts/time-example.sh EXAMPLE [RUNS] [-- ARGS...]      default RUNS: 30
#   e.g. scripts/time-example.sh datalake 30
#        CDK_OUTDIR=/dev/shm/out scripts/time-example.sh scale 10 -- --stacks 20 --units 100
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
example=${1:?usage: time-example.sh EXAMPLE [RUNS] [-- ARGS...]}
runs=${2:-30}
shift $(($# < 2 ? $# : 2))
if [ "${1:-}" = "--" ]; then shift; fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet --release --locked --manifest-path "$root/Cargo.toml" --example "$example"
binary="$CARGO_TARGET_DIR/release/examples/$example"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${CDK_OUTDIR:-$work/out}
for _ in $(seq "$runs"); do
  if [ "${FRESH:-0}" = 1 ]; then rm -rf "$out"; fi
  start=${EPOCHREALTIME/./}
  CDK_OUTDIR="$out" /usr/bin/time -f "%M" -o "$work/memory" "$binary" "$@" >/dev/null
  end=${EPOCHREALTIME/./}
  echo "$((end - start)) $(cat "$work/memory")" >> "$work/times"
done
python3 - "$work/times" "$example" "$out" <<'PY'
import statistics, sys
rows = [tuple(map(int, line.split())) for line in open(sys.argv[1])]
wall = sorted(r[0] / 1000 for r in rows)
print(f"{sys.argv[2]}: {len(rows)} runs into {sys.argv[3]}: median {statistics.median(wall):.1f} ms, "
      f"fastest {wall[0]:.1f} ms, slowest {wall[-1]:.1f} ms, peak {max(r[1] for r in rows) / 1024:.1f} MB")
PY
