#!/usr/bin/env bash
# Times refscan side by side with ripgrep and ast-grep on generated Supabase monorepos.
#
#   bash benches/compare.sh                 # 10k and 100k files, 5 alternating runs each
#   SIZES="10000" RUNS=7 bash benches/compare.sh
#
# For each corpus size it generates the monorepo once (examples/gen_corpus.rs, fixed seed,
# made a git repository so every tool honours its .gitignore), runs every command once to warm
# the page cache, then RUNS rounds in which each command runs once, in turn, so that load from
# other processes spreads over all of them. It prints the median wall time, the ratio to
# ripgrep, and the peak resident memory (/usr/bin/time -v "Maximum resident set size").
#
# Commands, all over the same tree and the 44 old names of the bundled rules:
#   refscan report            the text report
#   refscan rewrite           dry run: the unified diff, to /dev/null
#   refscan check             the CI gate (exit 1: findings remain)
#   rg -i                     rg -c -w -i with all old names (the same search as refscan's prefilter)
#   rg                        rg -c -w, case-sensitive, for reference
#   ast-grep                  ast-grep scan with a rule matching `$R.from($S)` for those names
#                             in TypeScript, TSX and JavaScript
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$ROOT/target/bench}
SIZES=${SIZES:-"10000 100000"}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
mkdir -p "$WORK/tools"

say() { printf '%s\n' "$*" >&2; }

apt_install() {
  if command -v apt-get >/dev/null; then
    apt-get install -y "$@" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$@" >/dev/null 2>&1; }
  else
    return 1
  fi
}

# --- tools -------------------------------------------------------------------------------------
if ! command -v rg >/dev/null; then
  say "installing ripgrep"
  apt_install ripgrep || cargo install ripgrep --locked
fi
if [ ! -x /usr/bin/time ]; then
  say "installing time"
  apt_install time
fi
AST_GREP=$WORK/tools/node_modules/.bin/ast-grep
if [ ! -x "$AST_GREP" ]; then
  say "installing @ast-grep/cli"
  npm install --prefix "$WORK/tools" @ast-grep/cli >/dev/null 2>&1
fi
say "building refscan and the corpus generator (release)"
(cd "$ROOT" && cargo build --release --bin refscan --example gen_corpus >/dev/null 2>&1)
REFSCAN=$ROOT/target/release/refscan
GEN=$ROOT/target/release/examples/gen_corpus

# --- the search, three ways ----------------------------------------------------------------------
NAMES=$("$REFSCAN" rules --format json 2>/dev/null | grep '"old":' \
  | sed 's/.*"old": "\([^"]*\)".*/\1/' | sort -u | paste -sd'|' -)
COUNT=$(printf '%s' "$NAMES" | awk -F'|' '{ print NF }')
say "old names: $COUNT"
RULE=$WORK/tools/from-calls.yml
: > "$RULE"
for lang in TypeScript Tsx JavaScript; do
  [ -s "$RULE" ] && printf -- '---\n' >> "$RULE"
  cat >> "$RULE" <<EOF
id: old-table-from-$lang
language: $lang
severity: warning
message: .from() of an old table name
rule:
  pattern: \$R.from(\$S)
constraints:
  S:
    regex: "^['\"\`]($NAMES)['\"\`]\$"
EOF
done

CMDS=(report rewrite check rg-i rg ast-grep)
run_cmd() {
  case "$1" in
    report) "$REFSCAN" report ;;
    rewrite) "$REFSCAN" rewrite ;;
    check) "$REFSCAN" check ;;
    rg-i) rg -c -w -i -e "$NAMES" ;;
    rg) rg -c -w -e "$NAMES" ;;
    ast-grep) "$AST_GREP" scan --rule "$RULE" ;;
  esac
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# --- per size ------------------------------------------------------------------------------------
MACHINE="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB RAM"
say "machine: $MACHINE"
SUMMARY=$WORK/summary.txt
: > "$SUMMARY"
for N in $SIZES; do
  CORPUS=$WORK/corpus-$N-seed$SEED
  if [ ! -f "$CORPUS/.generated" ]; then
    say "generating $N files (seed $SEED) in $CORPUS"
    rm -rf "$CORPUS"
    "$GEN" --files "$N" --seed "$SEED" --out "$CORPUS" > "$WORK/corpus-$N-seed$SEED.stats"
    git -C "$CORPUS" init -q
    touch "$CORPUS/.generated"
  fi
  RES=$WORK/runs-$N
  rm -rf "$RES"
  mkdir -p "$RES"
  cd "$CORPUS"
  say "warming up ($N files)"
  for c in "${CMDS[@]}"; do run_cmd "$c" >/dev/null 2>&1 || true; done
  for r in $(seq 1 "$RUNS"); do
    say "round $r/$RUNS ($N files)"
    for c in "${CMDS[@]}"; do
      start=$EPOCHREALTIME
      /usr/bin/time -v -o "$RES/$c.time" bash -c "$(declare -f run_cmd); REFSCAN='$REFSCAN' AST_GREP='$AST_GREP' RULE='$RULE' NAMES='$NAMES' run_cmd $c" >/dev/null 2>&1 || true
      end=$EPOCHREALTIME
      awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }' >> "$RES/$c.wall"
      awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$RES/$c.time" >> "$RES/$c.rss"
    done
  done
  cd "$ROOT"
  RG=$(median < "$RES/rg-i.wall")
  AG=$(median < "$RES/ast-grep.wall")
  REPORT=$(median < "$RES/report.wall")
  {
    printf '\n== %s files (%s), %s alternating runs, warm cache; load average at end: %s\n' \
      "$N" "$(tail -1 "$WORK/corpus-$N-seed$SEED.stats")" "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%-10s %10s %12s %14s %12s\n' command "median s" "x rg -i" "x ast-grep" "peak RSS MB"
    for c in "${CMDS[@]}"; do
      m=$(median < "$RES/$c.wall")
      rss=$(sort -n "$RES/$c.rss" | tail -1)
      awk -v c="$c" -v m="$m" -v rg="$RG" -v ag="$AG" -v rss="$rss" \
        'BEGIN { printf "%-10s %10.3f %12.2f %14.2f %12.1f\n", c, m, m / rg, m / ag, rss / 1024 }'
    done
    awk -v r="$REPORT" -v w="$(median < "$RES/rewrite.wall")" -v ag="$AG" \
      'BEGIN { printf "rewrite / report: %.2f; ast-grep / report: %.2f\n", w / r, ag / r }'
    printf 'all runs (s):\n'
    for c in "${CMDS[@]}"; do printf '  %-10s %s\n' "$c" "$(paste -sd' ' "$RES/$c.wall")"; done
  } | tee -a "$SUMMARY"
  echo "$N $REPORT" >> "$WORK/report-medians"
done
if [ "$(wc -w <<< "$SIZES")" -ge 2 ]; then
  first=$(set -- $SIZES; echo "$1"); last=$(set -- $SIZES; eval echo "\${$#}")
  a=$(median < "$WORK/runs-$first/report.wall"); b=$(median < "$WORK/runs-$last/report.wall")
  awk -v a="$a" -v b="$b" -v f="$first" -v l="$last" \
    'BEGIN { printf "\nreport time from %s to %s files: x%.2f\n", f, l, b / a }' | tee -a "$SUMMARY"
fi
printf '\nmachine: %s\n' "$MACHINE" | tee -a "$SUMMARY"
