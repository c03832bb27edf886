#!/usr/bin/env bash
# Scans single files of pathological shapes at growing sizes, so that anything worse than
# linear in the file's size shows: per shape and size, the file's size, the wall time, the
# peak RSS, and the time per MB, of `refscan report` and `refscan rewrite` (dry run).
#
#   bash benches/shapes.sh                        # every shape at 3 sizes
#   SHAPES="ts-embeds ts-from" SCALE=4 bash benches/shapes.sh
#   REFSCAN=/path/to/other/refscan bash benches/shapes.sh   # another build, same shapes
#
# The files come from examples/gen_shapes.rs (`--list` names the shapes). Sizes are BASE, 4x
# and 16x BASE units, times SCALE; a run that takes longer than LIMIT seconds (120) is stopped
# and shown as such. Output is also in target/shapes/summary.txt.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$ROOT/target/shapes}
SCALE=${SCALE:-1}
LIMIT=${LIMIT:-120}
mkdir -p "$WORK"
say() { printf '%s\n' "$*" >&2; }

if [ ! -x /usr/bin/time ]; then
  say "installing time"
  apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y time >/dev/null 2>&1; }
fi
say "building refscan and the shape generator (release)"
(cd "$ROOT" && cargo build --release --bin refscan --example gen_shapes >/dev/null 2>&1)
REFSCAN=${REFSCAN:-$ROOT/target/release/refscan}
GEN=$ROOT/target/release/examples/gen_shapes

# Units per shape at the base size: each shape's largest file is 10-60 MB at SCALE=1.
base() {
  case "$1" in
    ts-embeds | ts-embeds-lines) echo 20000 ;;
    ts-nested-embeds | ts-nested-code | sql-nested) echo 2000 ;;
    ts-types) echo 500 ;;
    ts-parsed | py-parsed | ts-consts | ts-flow | py-parsed-sql) echo 5000 ;;
    *) echo 20000 ;;
  esac
}

SHAPES=${SHAPES:-$("$GEN" --list | cut -f1)}
SUMMARY=$WORK/summary.txt
MACHINE="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB RAM"
{
  printf 'machine: %s; load average before: %s\n' "$MACHINE" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-17s %-8s %8s %9s | %8s %8s %8s | %8s %8s %8s\n' shape units MB findings \
    "report s" "s/MB" "RSS MB" "rewrite" "s/MB" "RSS MB"
} | tee "$SUMMARY"

# One run: "wall rss_kb" (wall "-" when it ran out of time or failed).
measure() {
  local out=$1
  shift
  local start end rc=0
  start=$EPOCHREALTIME
  timeout "$LIMIT" /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$out" 2>/dev/null || rc=$?
  end=$EPOCHREALTIME
  local rss
  rss=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$WORK/time.txt" 2>/dev/null || true)
  # report exits 0; rewrite's dry run too; anything else is a failure (124: the time limit).
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    echo "- ${rss:-0} $rc"
  else
    awk -v s="$start" -v e="$end" -v r="${rss:-0}" 'BEGIN { printf "%.3f %s 0\n", e - s, r }'
  fi
}

for shape in $SHAPES; do
  b=$(base "$shape")
  for mult in 1 4 16; do
    n=$(awk -v b="$b" -v m="$mult" -v s="$SCALE" 'BEGIN { printf "%d", b * m * s }')
    dir=$WORK/$shape-$n
    rm -rf "$dir"
    mkdir -p "$dir"
    file=$("$GEN" "$shape" "$n" "$dir")
    bytes=$(stat -c %s "$dir/$file")
    mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1048576 }')
    cd "$dir"
    read -r rw rr rc < <(measure "$WORK/report.out" "$REFSCAN" report --max-filesize 1G --format json)
    findings=$(grep -m1 '"findings"' "$WORK/report.out" | tr -dc 0-9 || true)
    read -r ww wr wc < <(measure /dev/null "$REFSCAN" rewrite --max-filesize 1G)
    cd "$ROOT"
    rm -rf "$dir"
    per() { [ "$1" = - ] && echo - || awk -v t="$1" -v m="$mb" 'BEGIN { printf "%.3f", t / m }'; }
    printf '%-17s %-8s %8s %9s | %8s %8s %8.0f | %8s %8s %8.0f\n' "$shape" "$n" "$mb" "$findings" \
      "$rw" "$(per "$rw")" "$(awk -v r="$rr" 'BEGIN { print r / 1024 }')" \
      "$ww" "$(per "$ww")" "$(awk -v r="$wr" 'BEGIN { print r / 1024 }')" | tee -a "$SUMMARY"
    # A size that ran out of time makes the larger ones pointless.
    [ "$rw" = - ] && [ "$rc" = 124 ] && break
  done
done
