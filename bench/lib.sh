# Shared helpers of bench/ingest.sh and bench/stats.sh (sourced, not run). See bench/README.md.
#
# Every measured command runs BENCH_RUNS times (default 3), round-robin with the others of its table so that a
# noisy neighbour slows all of them alike, after BENCH_WARMUP untimed runs each (default 1). Wall time comes from
# bash's $EPOCHREALTIME around the command (µs, no extra fork); peak RSS from `/usr/bin/time -f %M` of the same run.

set -euo pipefail
export LC_ALL=C   # baselines (grep, awk, wc) at full speed on this ASCII data; tracelab is culture-invariant anyway

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DATA=${BENCH_DATA:-$BENCH_ROOT/bench/data}
BENCH_OUT=${BENCH_OUT:-$BENCH_ROOT/bench/out}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_WARMUP=${BENCH_WARMUP:-1}
mkdir -p "$BENCH_DATA" "$BENCH_OUT"
# The scripts' builds get their own bin/obj tree (Directory.Build.props honours TRACELAB_ARTIFACTS), so a developer's
# build running at the same time in artifacts/ can neither break nor be broken by them.
export TRACELAB_ARTIFACTS=${TRACELAB_ARTIFACTS:-$BENCH_OUT/artifacts}
BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tracelab-bench.XXXXXX")
trap 'rm -rf "$BENCH_TMP"' EXIT

say() { printf '# %s\n' "$*" >&2; }          # progress: stderr
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# 1G, 512M, 64k, 1000000 -> bytes
size_to_bytes() {
  local s=$1 n unit
  [[ $s =~ ^([0-9]+)([kKmMgG]?)$ ]] || die "'$s' is not a size (use e.g. 1G, 200M, 64k or a byte count)"
  n=${BASH_REMATCH[1]} unit=${BASH_REMATCH[2]}
  case $unit in
    k|K) echo $((n << 10)) ;;
    m|M) echo $((n << 20)) ;;
    g|G) echo $((n << 30)) ;;
    *) echo "$n" ;;
  esac
}

# bytes -> 1G / 512M / 64k when exact, else the byte count
bytes_label() {
  local b=$1
  if ((b % (1 << 30) == 0)); then echo "$((b >> 30))G"
  elif ((b % (1 << 20) == 0)); then echo "$((b >> 20))M"
  elif ((b % (1 << 10) == 0)); then echo "$((b >> 10))k"
  else echo "$b"; fi
}

# Short hash of the sources under src/<project>... that decide the bytes of a cached input: a cached file is reused
# until one of them changes (then the stale one is deleted and rebuilt).
source_hash() {
  local dirs=() p
  for p in "$@"; do dirs+=("$BENCH_ROOT/src/$p"); done
  (cd "$BENCH_ROOT" && find "${dirs[@]#"$BENCH_ROOT/"}" -type f \( -name '*.cs' -o -name '*.csproj' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' | sort | while read -r f; do printf '%s\n' "$f"; cat "$f"; done) \
    | sha256sum | cut -c1-12
}

# Deletes cached files matching PREFIX*SUFFIX other than KEEP.
remove_stale() {
  local prefix=$1 suffix=$2 keep=$3 f
  for f in "$prefix"*"$suffix"; do
    [[ -e $f && $f != "$keep" ]] || continue
    say "removing stale $f"
    rm -f -- "$f"
  done
}

# Publishes the Release CLI into bench/out/cli, as a user installs it (ReadyToRun; see README "Install"), or uses
# $TRACELAB_CLI_DIR as is, and sets TRACELAB.
build_cli() {
  if [[ -n ${TRACELAB_CLI_DIR:-} ]]; then
    TRACELAB=$TRACELAB_CLI_DIR/tracelab
  else
    local dir=$BENCH_OUT/cli
    say "publishing the Release CLI into $dir"
    dotnet publish "$BENCH_ROOT/src/Cli" -c Release -o "$dir" -nologo -v quiet >"$BENCH_TMP/build.log" 2>&1 \
      || { cat "$BENCH_TMP/build.log" >&2; die "building src/Cli failed"; }
    TRACELAB=$dir/tracelab
  fi
  [[ -x $TRACELAB ]] || die "no tracelab executable at $TRACELAB"
}

# Builds the benchmark project (for its `scan` mode) into bench/out/benchmarks and sets BENCH_EXE.
build_benchmarks() {
  local dir=$BENCH_OUT/benchmarks
  say "building bench/TraceLab.Benchmarks (Release) into $dir"
  dotnet build "$BENCH_ROOT/bench/TraceLab.Benchmarks" -c Release -o "$dir" -nologo -v quiet >"$BENCH_TMP/build-bench.log" 2>&1 \
    || { cat "$BENCH_TMP/build-bench.log" >&2; die "building bench/TraceLab.Benchmarks failed"; }
  BENCH_EXE=$dir/TraceLab.Benchmarks
}

# Peak RSS needs GNU time; install it (Debian package 'time') only when missing and running as root.
ensure_gnu_time() {
  if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M true >/dev/null 2>&1; then HAVE_TIME=1; return; fi
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    say "installing GNU time (apt-get install -y time) for peak RSS"
    { apt-get install -y time || { apt-get update && apt-get install -y time; }; } >"$BENCH_TMP/apt.log" 2>&1 || true
  fi
  if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M true >/dev/null 2>&1; then HAVE_TIME=1; else
    HAVE_TIME=0; say "no GNU /usr/bin/time: peak RSS will show as n/a"
  fi
}

# Fails early when FILE would not fit in the page cache with room to spare (timings would then measure the disk).
check_page_cache() {
  local bytes=0 f avail
  for f in "$@"; do bytes=$((bytes + $(stat -c %s "$f"))); done
  avail=$(($(awk '/^MemAvailable:/ {print $2}' /proc/meminfo) * 1024))
  if ((bytes > avail * 8 / 10)); then
    say "WARNING: $((bytes >> 20)) MiB of inputs vs $((avail >> 20)) MiB available memory: they will not stay in the page cache"
  fi
}

warm_cache() { local f; for f in "$@"; do cat -- "$f" >/dev/null; done; }

now_us() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then local t=${EPOCHREALTIME/[.,]/}; echo $((10#$t)); else echo $(($(date +%s%N) / 1000)); fi
}

# --- measurement table ---------------------------------------------------------------------------------------------
# add_case ID LABEL STDOUT -- CMD...   registers a command; STDOUT is 'keep' (captured for parsing) or 'null'.
CASE_IDS=()
declare -A CASE_LABEL CASE_STDOUT CASE_CMD CASE_TIMES CASE_RSS
add_case() {
  local id=$1 label=$2 out=$3; shift 4
  CASE_IDS+=("$id")
  CASE_LABEL[$id]=$label CASE_STDOUT[$id]=$out CASE_TIMES[$id]="" CASE_RSS[$id]=0
  CASE_CMD[$id]=$(printf '%q ' "$@")
}

# Runs one case once; appends its wall time (µs) and keeps its max RSS (kB). $1 = id, $2 = 'timed' or 'warmup'.
run_case() {
  local id=$1 mode=$2 out=/dev/null t0 t1 rss status=0
  [[ ${CASE_STDOUT[$id]} == keep ]] && out=$BENCH_TMP/$id.out
  if ((HAVE_TIME)); then
    t0=$(now_us)
    eval "/usr/bin/time -f %M -o \"\$BENCH_TMP/\$id.rss\" ${CASE_CMD[$id]}" >"$out" 2>"$BENCH_TMP/$id.err" || status=$?
    t1=$(now_us)
  else
    t0=$(now_us)
    eval "${CASE_CMD[$id]}" >"$out" 2>"$BENCH_TMP/$id.err" || status=$?
    t1=$(now_us)
  fi
  if ((status != 0)); then
    cat "$BENCH_TMP/$id.err" >&2
    die "'${CASE_LABEL[$id]}' failed (exit $status): ${CASE_CMD[$id]}"
  fi
  [[ $mode == timed ]] || return 0
  CASE_TIMES[$id]+="$((t1 - t0)) "
  if ((HAVE_TIME)); then
    rss=$(tail -n 1 "$BENCH_TMP/$id.rss")
    ((rss > CASE_RSS[$id])) && CASE_RSS[$id]=$rss
  fi
  return 0
}

# Warm-up runs, then BENCH_RUNS rounds of every case in turn.
run_all() {
  local id r
  for ((r = 1; r <= BENCH_WARMUP; r++)); do
    for id in "${CASE_IDS[@]}"; do say "warm-up $r/$BENCH_WARMUP: ${CASE_LABEL[$id]}"; run_case "$id" warmup; done
  done
  for ((r = 1; r <= BENCH_RUNS; r++)); do
    for id in "${CASE_IDS[@]}"; do say "run $r/$BENCH_RUNS: ${CASE_LABEL[$id]}"; run_case "$id" timed; done
  done
}

# Min and median wall time of a case, in seconds: "min median".
case_stats() {
  tr ' ' '\n' <<<"${CASE_TIMES[$1]}" | grep . | sort -n | awk '
    { t[NR] = $1 }
    END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.6f %.6f\n", t[1] / 1e6, m / 1e6 }'
}

# Peak RSS in MB (10^6 bytes; GNU time reports KiB).
case_rss_mb() { if ((HAVE_TIME)); then awk -v k="${CASE_RSS[$1]}" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }'; else echo n/a; fi; }

# awk arithmetic on the command line: calc 'a / b' -> %.2f (or the given format)
calc() { awk "BEGIN { printf \"${2:-%.2f}\", ($1) }"; }

machine_line() {
  local cpu
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  echo "machine: $(nproc) cores ($cpu), $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), kernel $(uname -r), dotnet $(dotnet --version 2>/dev/null || echo '?'), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "commit: $(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$BENCH_ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' (src has uncommitted changes)'), runs: $BENCH_RUNS (+$BENCH_WARMUP warm-up), round-robin"
}

# Reads tab-separated rows (the first is the header) and prints a Markdown table: first column left-aligned, the
# others right-aligned, every column as wide as its widest cell (ASCII cells).
print_table() {
  awk -F'\t' '
    { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } if (NF > nf) nf = NF }
    END {
      for (r = 1; r <= NR; r++) {
        line = "|"
        for (i = 1; i <= nf; i++) line = line sprintf(i == 1 ? " %-" w[i] "s |" : " %" w[i] "s |", cell[r, i])
        print line
        if (r == 1) {
          line = "|"
          for (i = 1; i <= nf; i++) { d = ""; for (k = 1; k < w[i]; k++) d = d "-"; line = line " " d (i == 1 ? "-" : ":") " |" }
          print line
        }
      }
    }'
}

verdict() { if [[ $1 == 1 ]]; then echo PASS; else echo FAIL; fi; }

# The stored synthetic TDX trace of $1 events that stats.sh and replay.sh time: built once by streaming
# `tracelab synth | tracelab ingest -` (no text file is written) and cached in bench/data until src/Synth, src/Ingest
# or src/Store change. Sets STORE and STORE_SIZE. Needs build_cli first.
ensure_stats_store() {
  local events=$1
  local prefix=$BENCH_DATA/stats-tdx-ftrace-6.18-${events}ev-seed1-
  STORE=$prefix$(source_hash Synth Ingest Store).tlab
  if [[ ! -s $STORE ]]; then
    remove_stale "$prefix" .tlab "$STORE"
    say "building $STORE: tracelab synth --events $events -o - | tracelab ingest - (once; cached)"
    local t0
    t0=$(now_us)
    # Into a temporary name first: if synth failed half-way, ingest would still commit what it had read.
    "$TRACELAB" synth --mode tdx --format ftrace --kernel 6.18 --seed 1 --events "$events" -o - \
      | "$TRACELAB" ingest - -o "$STORE.partial" --quiet
    mv -- "$STORE.partial" "$STORE"
    say "built in $(calc "($(now_us) - $t0) / 1e6" %.1f) s"
  fi
  STORE_SIZE=$(stat -c %s "$STORE")
}
