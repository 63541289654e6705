#!/usr/bin/env bash
# `tracelab replay` over a large store, side by side with reading the store and with a C# scan that only decodes
# the event columns replay reads.
#
#   bash bench/replay.sh [EVENTS]      events in the stored trace: 100000000 (default), 1000000 for a smoke run
#
# Uses the same cached store as bench/stats.sh (built once by `tracelab synth | tracelab ingest -`). Environment:
# BENCH_EVENTS, BENCH_RUNS (default 3), BENCH_WARMUP (default 1), BENCH_DATA, TRACELAB_CLI_DIR (see bench/ingest.sh).
# Target (issue 3): replay of a stored 100 M-event trace ≥ 20 M events/s. bench/README.md explains the output.
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

COLUMNS=(events.kind events.tid events.timestamp events.file events.line events.vm events.vcpu
         events.a0 events.a1 events.a2 events.a3 events.a4)
add_case cat    "cat STORE > /dev/null"             null -- cat "$STORE"
add_case scan   "C# scan of replay's 12 columns"    keep -- "$BENCH_EXE" scan "$STORE" "${COLUMNS[@]}"
add_case stats  "tracelab stats"                    null -- "$TRACELAB" stats "$STORE"
add_case replay "tracelab replay"                   keep -- "$TRACELAB" replay "$STORE"
add_case json   "tracelab replay --json"            keep -- "$TRACELAB" replay "$STORE" --json
run_all

EVENTS=$(grep -o 'events [0-9]*' "$BENCH_TMP/scan.out" | grep -o '[0-9]*$')
EPISODES=$(grep -m1 -o '"episodes": *[0-9]*' "$BENCH_TMP/json.out" | grep -o '[0-9]*$')
DIVERGENCES=$(grep -m1 -o '"divergence_count": *[0-9]*' "$BENCH_TMP/json.out" | grep -o '[0-9]*$')
read -r _ SCAN_MED < <(case_stats scan)

REPORT=$BENCH_OUT/replay-$(date +%Y%m%d-%H%M%S).txt
{
  echo "## bench/replay.sh: replay of a stored trace of $EVENTS_WANTED synthetic TDX events"
  echo
  machine_line
  echo "store: $STORE"
  echo "       $STORE_SIZE bytes, $EVENTS events, $EPISODES episodes, $DIVERGENCES divergences (a clean synthetic trace: expect 0)"
  echo "tracelab: $TRACELAB; scan: $BENCH_EXE scan (decodes the 12 event columns replay reads, one thread per core)"
  echo
  {
    printf 'command\tmin s\tmedian s\tM events/s (min)\tM events/s (median)\tx scan\tpeak RSS MB\n'
    for id in "${CASE_IDS[@]}"; do
      read -r tmin tmed < <(case_stats "$id")
      printf '%s\t%.3f\t%.3f\t%s\t%s\t%s\t%s\n' "${CASE_LABEL[$id]}" "$tmin" "$tmed" \
        "$(calc "$EVENTS / $tmin / 1e6" %.1f)" "$(calc "$EVENTS / $tmed / 1e6" %.1f)" "$(calc "$SCAN_MED / $tmed")" "$(case_rss_mb "$id")"
    done
  } | print_table
  echo
  read -r _ tmed < <(case_stats replay)
  echo "tracelab replay: $(calc "$EVENTS / $tmed / 1e6" %.1f) M events/s (median, whole process) (target ≥ 20): $(verdict "$(calc "$EVENTS >= 20e6 * $tmed" %d)")"
  echo "(whole-process wall times, start-up included; min/median over $BENCH_RUNS runs; peak RSS is the largest of the runs)"
} | tee "$REPORT"
say "report saved to $REPORT"
