#!/usr/bin/env bash
# `tracelab stats` over a large store, side by side with reading the store and with a minimal C# column scan.
#
#   bash bench/stats.sh [EVENTS]       events in the stored trace: 100000000 (default), 1000000 for a smoke run
#
# The store is built once by streaming `tracelab synth --events N -o -` into `tracelab ingest - -o STORE` (no text
# file is written; 100 M events are ~17 GB of text) and cached in bench/data until src/Synth, src/Ingest or
# src/Store change. Environment: BENCH_EVENTS (same as EVENTS), BENCH_RUNS (default 3), BENCH_WARMUP (default 1),
# BENCH_DATA, TRACELAB_CLI_DIR (see bench/ingest.sh). Target (the issue): stats ≥ 100 M events/s.
# bench/README.md explains the output.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

EVENTS_WANTED=${1:-${BENCH_EVENTS:-100000000}}
[[ $EVENTS_WANTED =~ ^[0-9]+$ ]] && ((EVENTS_WANTED > 0)) || die "'$EVENTS_WANTED' is not an event count"

build_cli
build_benchmarks
ensure_gnu_time

ensure_stats_store "$EVENTS_WANTED"

check_page_cache "$STORE"
say "warming the page cache"
warm_cache "$STORE"

add_case start "tracelab --version (start-up)"  null -- "$TRACELAB" --version
add_case cat   "cat STORE > /dev/null"          null -- cat "$STORE"
add_case scan  "C# scan exits.handling_ns"      keep -- "$BENCH_EXE" scan "$STORE" exits.handling_ns
add_case stats "tracelab stats"                 keep -- "$TRACELAB" stats "$STORE"
add_case json  "tracelab stats --json"          keep -- "$TRACELAB" stats "$STORE" --json
run_all

# --- results -------------------------------------------------------------------------------------------------------
EVENTS=$(grep -m1 -o '"events": *[0-9]*' "$BENCH_TMP/json.out" | grep -o '[0-9]*$')
EXITS=$(grep -m1 -o '"exits": *[0-9]*' "$BENCH_TMP/json.out" | grep -o '[0-9]*$')
SCAN_EVENTS=$(grep -o 'events [0-9]*' "$BENCH_TMP/scan.out" | grep -o '[0-9]*$')
[[ $EVENTS == "$SCAN_EVENTS" ]] || die "stats --json says $EVENTS events, the column scan $SCAN_EVENTS"
read -r _ SCAN_MED < <(case_stats scan)

REPORT=$BENCH_OUT/stats-$(date +%Y%m%d-%H%M%S).txt
{
  echo "## bench/stats.sh: stats over a stored trace of $EVENTS_WANTED synthetic TDX events"
  echo
  machine_line
  echo "store: $STORE"
  echo "       $STORE_SIZE bytes, $EVENTS events, $EXITS exits, $(calc "$STORE_SIZE / $EVENTS") bytes/event"
  echo "tracelab: $TRACELAB; scan: $BENCH_EXE scan (decodes exits.handling_ns on one thread per core and sums it)"
  echo
  {
    printf 'command\tmin s\tmedian s\tGB/s of store (median)\tM events/s (min)\tM events/s (median)\tx scan\tpeak RSS MB\n'
    for id in "${CASE_IDS[@]}"; do
      read -r tmin tmed < <(case_stats "$id")
      # x scan: time of the column-scan baseline over this command's (median); > 1 means faster than the scan.
      gbs=$(calc "$STORE_SIZE / $tmed / 1e9" %.3f) evmin=$(calc "$EVENTS / $tmin / 1e6" %.1f) evmed=$(calc "$EVENTS / $tmed / 1e6" %.1f)
      [[ $id == start ]] && gbs=- evmin=- evmed=-   # reads no store: the fixed cost in every tracelab row
      printf '%s\t%.3f\t%.3f\t%s\t%s\t%s\t%s\t%s\n' "${CASE_LABEL[$id]}" "$tmin" "$tmed" "$gbs" "$evmin" "$evmed" \
        "$(calc "$SCAN_MED / $tmed")" "$(case_rss_mb "$id")"
    done
  } | print_table
  echo
  for id in stats json; do
    read -r _ tmed < <(case_stats "$id")
    echo "${CASE_LABEL[$id]}: $(calc "$EVENTS / $tmed / 1e6" %.1f) M events/s (median, whole process) (target ≥ 100): $(verdict "$(calc "$EVENTS >= 100e6 * $tmed" %d)")"
  done
  echo "(whole-process wall times, start-up included; GB = 10^9 bytes, MB = 10^6 bytes; min/median over $BENCH_RUNS runs; peak RSS is the largest of the runs)"
} | tee "$REPORT"
say "report saved to $REPORT"
