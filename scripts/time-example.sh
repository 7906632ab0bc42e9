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
  CDK_OUTDIR="$out" "$root/scripts/timed-run.py" "$work/times" -- "$binary" "$@"
done
# Peak memory from one more run (see timed-run.py).
CDK_OUTDIR="$out" "$root/scripts/timed-run.py" --peak "$work/memory" -- "$binary" "$@"
python3 - "$work/times" "$work/memory" "$example" "$out" <<'PY'
import statistics, sys
wall = sorted(float(line) * 1000 for line in open(sys.argv[1]) if line.strip())
peak = int(open(sys.argv[2]).read()) / 1024
print(f"{sys.argv[3]}: {len(wall)} runs into {sys.argv[4]}: median {statistics.median(wall):.1f} ms, "
      f"fastest {wall[0]:.1f} ms, slowest {wall[-1]:.1f} ms, peak {peak:.1f} MB")
PY
