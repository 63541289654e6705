#!/usr/bin/env bash
# Ingest throughput, peak memory and store size, side by side with grep/awk/wc on the same file in the same run.
#
#   bash bench/ingest.sh [SIZE]        SIZE of the synthetic ftrace file: 1G (default), 50M for a smoke run, ...
#
# Environment: BENCH_SIZE (same as SIZE), BENCH_RUNS (timed runs per command, default 3), BENCH_WARMUP (untimed
# runs first, default 1), BENCH_THREADS (tracelab ingest --threads; default: one per core), BENCH_DATA (cache of
# inputs, default bench/data), TRACELAB_CLI_DIR (use this build of the CLI instead of building bench/out/cli).
# Targets (the issue): ingest ≥ 1.0 × grep's throughput, peak RSS ≤ 300 MB at any size, ≤ 16 store bytes per event.
# bench/README.md explains the output.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZE=${1:-${BENCH_SIZE:-1G}}
FULL_BYTES=$(size_to_bytes "$SIZE")
HALF_BYTES=$((FULL_BYTES / 2))
((HALF_BYTES > 0)) || die "size $SIZE is too small"

build_cli
ensure_gnu_time

# --- inputs: generated once per size and synthesizer version, cached in bench/data ----------------------------------
SYNTH_HASH=$(source_hash Synth)
synth_file() {   # bytes -> path of a cached synthetic trace of about that size
  local bytes=$1 label prefix path
  label=$(bytes_label "$bytes")
  prefix=$BENCH_DATA/tdx-ftrace-6.18-$label-seed1-
  path=$prefix$SYNTH_HASH.txt
  if [[ ! -s $path ]]; then
    remove_stale "$prefix" .txt "$path"
    say "generating $path ($label of TDX ftrace, kernel 6.18 formats)"
    "$TRACELAB" synth --mode tdx --format ftrace --kernel 6.18 --seed 1 --bytes "$bytes" -o "$path.tmp" >&2
    mv -- "$path.tmp" "$path"
  fi
  echo "$path"
}
FULL=$(synth_file "$FULL_BYTES")
HALF=$(synth_file "$HALF_BYTES")
FULL_SIZE=$(stat -c %s "$FULL")
HALF_SIZE=$(stat -c %s "$HALF")
STORE=$BENCH_OUT/ingest-$(bytes_label "$FULL_BYTES").tlab
HALF_STORE=$BENCH_OUT/ingest-$(bytes_label "$HALF_BYTES").tlab

check_page_cache "$FULL" "$HALF"
say "warming the page cache"
warm_cache "$FULL" "$HALF"

threads=()
[[ -n ${BENCH_THREADS:-} ]] && threads=(--threads "$BENCH_THREADS")
add_case grep  "grep -c kvm_exit"         keep -- grep -c kvm_exit "$FULL"
add_case awk   "awk /kvm_exit/ count"     keep -- awk '/kvm_exit/ { n++ } END { print n + 0 }' "$FULL"
add_case wc    "wc -l"                    keep -- wc -l "$FULL"
add_case ingest "tracelab ingest"         null -- "$TRACELAB" ingest "$FULL" -o "$STORE" --quiet "${threads[@]}"
add_case half  "tracelab ingest (half)"   null -- "$TRACELAB" ingest "$HALF" -o "$HALF_STORE" --quiet "${threads[@]}"
run_all

# --- results -------------------------------------------------------------------------------------------------------
events_of() { "$TRACELAB" stats "$1" --json | grep -m1 -o '"events": *[0-9]*' | grep -o '[0-9]*$'; }
EVENTS=$(events_of "$STORE")
HALF_EVENTS=$(events_of "$HALF_STORE")
STORE_SIZE=$(stat -c %s "$STORE")
GREP_COUNT=$(cat "$BENCH_TMP/grep.out")
AWK_COUNT=$(cat "$BENCH_TMP/awk.out")
LINES=$(awk '{print $1}' "$BENCH_TMP/wc.out")
read -r GREP_MIN GREP_MED < <(case_stats grep)

REPORT=$BENCH_OUT/ingest-$(date +%Y%m%d-%H%M%S).txt
{
  echo "## bench/ingest.sh: $(bytes_label "$FULL_BYTES") synthetic TDX ftrace"
  echo
  machine_line
  echo "input: $FULL"
  echo "       $FULL_SIZE bytes, $LINES lines, $EVENTS events ($GREP_COUNT lines with kvm_exit by grep, $AWK_COUNT by awk)"
  echo "half:  $HALF ($HALF_SIZE bytes, $HALF_EVENTS events)"
  echo "tracelab: $TRACELAB"
  echo
  {
    printf 'command\tinput bytes\tmin s\tmedian s\tGB/s (min)\tGB/s (median)\tM events/s (median)\tx grep\tpeak RSS MB\n'
    for id in "${CASE_IDS[@]}"; do
      read -r tmin tmed < <(case_stats "$id")
      bytes=$FULL_SIZE ev=$EVENTS
      [[ $id == half ]] && bytes=$HALF_SIZE ev=$HALF_EVENTS
      evs=-
      [[ $id == ingest || $id == half ]] && evs=$(calc "$ev / $tmed / 1e6" %.1f)
      # x grep: this command's throughput (bytes/s, median) over grep's on the full file.
      printf '%s\t%s\t%.3f\t%.3f\t%s\t%s\t%s\t%s\t%s\n' "${CASE_LABEL[$id]}" "$bytes" "$tmin" "$tmed" \
        "$(calc "$bytes / $tmin / 1e9" %.3f)" "$(calc "$bytes / $tmed / 1e9" %.3f)" "$evs" \
        "$(calc "($bytes / $tmed) / ($FULL_SIZE / $GREP_MED)")" "$(case_rss_mb "$id")"
    done
  } | print_table
  echo
  read -r _ INGEST_MED < <(case_stats ingest)
  ratio=$(calc "($FULL_SIZE / $INGEST_MED) / ($FULL_SIZE / $GREP_MED)")
  bpe=$(calc "$STORE_SIZE / $EVENTS")
  bpe_ok=$(calc "$STORE_SIZE <= 16 * $EVENTS" %d)
  echo "throughput: ingest $(calc "$FULL_SIZE / $INGEST_MED / 1e9" %.3f) GB/s, $(calc "$EVENTS / $INGEST_MED / 1e6" %.1f) M events/s (median) = $ratio x grep -c (target ≥ 1.0): $(verdict "$(calc "$INGEST_MED <= $GREP_MED" %d)")"
  if ((HAVE_TIME)); then
    full_mb=$(case_rss_mb ingest) half_mb=$(case_rss_mb half)
    echo "peak RSS: $full_mb MB on $(bytes_label "$FULL_BYTES"), $half_mb MB on half the input (target ≤ 300 MB whatever the size): $(verdict "$(calc "$full_mb <= 300 && $half_mb <= 300" %d)"); growth full/half $(calc "$full_mb / $half_mb") x"
  else
    echo "peak RSS: n/a (no GNU time)"
  fi
  echo "store: $STORE_SIZE bytes for $EVENTS events = $bpe bytes/event (target ≤ 16): $(verdict "$bpe_ok")"
  echo "(GB = 10^9 bytes, MB = 10^6 bytes; min/median over $BENCH_RUNS runs; x grep compares median throughputs; peak RSS is the largest of the runs)"
} | tee "$REPORT"
say "report saved to $REPORT"
