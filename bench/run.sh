#!/usr/bin/env bash
# The whole job at a hospital group's scale, the tool beside pandas and polars.
#
#   bench/run.sh [SIZE…]        SIZE: 100k, 300k, 1m, or any N (discharges = .xlsx call rows); default 100k 300k
#   make bench SIZES="100k 1m"
#   RUNS="pandas polars tool" bench/run.sh 300k   # choose which runs, in that order
#
# Builds the tool in release, generates bench/out/data-SIZE once, then per size runs the tool twice
# (the second run, on unchanged inputs and the same database, is a rerun), the pandas baseline and
# the polars baseline, each under /usr/bin/time -v after a `sync`, then `followup-bench floor` on the
# tool's database, and prints the tables (bench/report.py).
# Everything it writes is under bench/out/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- 100k 300k

if [ ! -x /usr/bin/time ]; then apt-get update -qq && apt-get install -y -qq time; fi
python3 -c "import numpy, pandas, polars, python_calamine, fastexcel, xlsxwriter, xlwt" 2>/dev/null \
  || pip install -q numpy pandas polars python-calamine fastexcel xlsxwriter xlwt
swift build -c release --product followup
swift build -c release --product followup-bench

mkdir -p bench/out
results="bench/out/results-$(date +%Y%m%d-%H%M%S).jsonl"
: > "$results"
count() {
  case "$1" in
    *k) echo $(( ${1%k} * 1000 )) ;;
    *m) echo $(( ${1%m} * 1000000 )) ;;
    *) echo "$1" ;;
  esac
}

for size in "$@"; do
  n=$(count "$size")
  data="bench/out/data-$size"
  if [ ! -f "$data.json" ]; then      # written last by the generator: the data set is complete
    rm -rf "$data"
    echo "== generating $data ($n discharges, $n + $((n / 5)) call rows)"
    python3 bench/generate.py --discharges "$n" --calls "$n" --out "$data"
  fi
  run="bench/out/run-$size"
  rm -rf "$run"            # a fresh database: the first tool run loads everything, tool-rerun reruns
  mkdir -p "$run"
  echo "== $size: ${RUNS:-tool tool-rerun pandas polars}"
  for label in ${RUNS:-tool tool-rerun pandas polars}; do
    case "$label" in
      tool|tool-rerun) cmd=(.build/release/followup run --inputs "$data" --period 2026 --as-of 2027-01-31
                            --out "$run/reports" --db "$run/followup.sqlite") ;;
      pandas|polars) cmd=(python3 "bench/baseline_$label.py" "$data" "$run/$label") ;;
      *) echo "unknown run $label (tool, tool-rerun, pandas, polars)" >&2; exit 2 ;;
    esac
    # Every run starts with the previous runs' writes flushed, so that none pays for another's
    # writeback (a 1 M run writes about 2 GB).
    sync
    python3 bench/timed.py --label "$label" --size "$size" --results "$results" --log "$run/$label.log" -- "${cmd[@]}"
  done
  # The least the tool's database costs to write on one connection (each table copied once, each
  # index built once, rolled back), beside the stages that write it (bench/report.py).
  if [ -f "$run/followup.sqlite" ]; then
    sync
    .build/release/followup-bench floor "$run/followup.sqlite" > "$run/floor.txt"
  fi
done
python3 bench/report.py "$results" | tee "${results%.jsonl}.md"
