#!/usr/bin/env bash
# Whole-command benchmarks: fenjie against the floor (examples/floor.rs) and the tools users would
# otherwise use, on generated notices (examples/make_corpus.rs). Prints a Markdown table of
# medians, peak memory and the ratios the targets in perf/README.md speak of.
#
#   perf/run.sh            # 30, 2,000 and 20,000 rows; peers when Python can install them
#   RUNS=5 perf/run.sh     # runs per measurement (default 10)
#
# Needs hyperfine (installed with apt-get when missing and possible) and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}
corpus=target/bench-corpus
mkdir -p "$corpus"

command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null 2>&1 || true; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine is needed (apt-get install hyperfine)"; exit 2; }

cargo build --quiet --release --bin fenjie --example make_corpus --example floor
bin=target/release
for rows in 30 2000 20000; do
  [ -f "$corpus/notice-$rows.docx" ] || "$bin/examples/make_corpus" --rows "$rows" --out "$corpus" >/dev/null
done
[ -d "$corpus/batch" ] || "$bin/examples/make_corpus" --rows 30 --count 1000 --out "$corpus/batch" >/dev/null
[ -d "$corpus/batch100" ] || "$bin/examples/make_corpus" --rows 30 --count 100 --out "$corpus/batch100" >/dev/null

# Peers, in a virtual environment of their own.
venv=target/bench-venv
py=""
if [ -x "$venv/bin/python" ] || { python3 -m venv "$venv" >/dev/null 2>&1 && "$venv/bin/pip" install --quiet python-docx openpyxl python-calamine >/dev/null 2>&1; }; then
  py="$venv/bin/python"
fi

# median seconds of a command (hyperfine) over RUNS runs (the second argument, default $runs);
# a third argument runs before each timing, untimed
median() {
  local csv
  csv=$(mktemp)
  hyperfine --style none --runs "${2:-$runs}" --warmup 1 --prepare "${3:-true}" --export-csv "$csv" -- "$1" >/dev/null 2>&1
  awk -F, 'NR == 2 { printf "%.4f", $4 }' "$csv"
  rm -f "$csv"
}
# peak resident memory in MB of one run
peak() {
  /usr/bin/time -f "%M" bash -c "$1 >/dev/null 2>&1" 2>&1 | tail -1 | awk '{ printf "%.1f", $1 / 1024 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }

declare -A T M
measure() { # key, command, [runs]
  T[$1]=$(median "$2" "${3:-$runs}")
  M[$1]=$(peak "$2")
}

for ext in docx xlsx txt; do
  f="$corpus/notice-20000.$ext"
  measure "fenjie.$ext" "$bin/fenjie convert $f -f json -o /dev/null"
  measure "floor.$ext" "$bin/examples/floor $f"
done
if [ -n "$py" ]; then
  # Slow peers: three runs are enough to see a median.
  measure "peer.docx" "$py perf/peers/peer_python_docx.py $corpus/notice-20000.docx" 3
  measure "peer.xlsx" "$py perf/peers/peer_openpyxl.py $corpus/notice-20000.xlsx" 3
  measure "calamine.xlsx" "$py perf/peers/peer_python_calamine.py $corpus/notice-20000.xlsx"
  measure "peer.txt" "$py perf/peers/peer_python_csv.py $corpus/notice-20000.txt"
fi
measure "startup.fenjie" "$bin/fenjie convert $corpus/notice-30.docx -f json -o /dev/null"
measure "startup.floor" "$bin/examples/floor $corpus/notice-30.docx"
# Batch scaling: outputs on a memory file system measure the CPU work; on disk, creating 1,000
# files in one folder also serialises on the folder's lock.
shm=/dev/shm/fenjie-bench-out
[ -d /dev/shm ] || shm=target/bench-out-shm
T[batch1]=$(median "$bin/fenjie batch $corpus/batch -o $shm --jobs 1" 5 "rm -rf $shm")
T[batch2]=$(median "$bin/fenjie batch $corpus/batch -o $shm --jobs 2" 5 "rm -rf $shm")
T[batch1disk]=$(median "$bin/fenjie batch $corpus/batch -o target/bench-out --jobs 1" 5 "rm -rf target/bench-out")
T[batch2disk]=$(median "$bin/fenjie batch $corpus/batch -o target/bench-out --jobs 2" 5 "rm -rf target/bench-out")
rm -rf "$shm"
rm -rf target/bench-out
M[batch1000]=$(peak "$bin/fenjie batch $corpus/batch -o target/bench-out --jobs 2")
rm -rf target/bench-out
M[batch100]=$(peak "$bin/fenjie batch $corpus/batch100 -o target/bench-out --jobs 2")

echo
echo "| measurement | fenjie | floor / peer | ratio | target |"
echo "|---|---|---|---|---|"
echo "| 20,000-row docx → JSON, time | ${T[fenjie.docx]} s | floor ${T[floor.docx]} s | $(ratio "${T[fenjie.docx]}" "${T[floor.docx]}")× floor | ≤ 2× floor |"
[ -n "$py" ] && echo "| 20,000-row docx, vs python-docx | ${T[fenjie.docx]} s | python-docx ${T[peer.docx]} s | $(ratio "${T[peer.docx]}" "${T[fenjie.docx]}")× faster | ≥ 50× faster |"
echo "| 20,000-row docx, peak memory | ${M[fenjie.docx]} MB | floor ${M[floor.docx]} MB | $(ratio "${M[fenjie.docx]}" "${M[floor.docx]}")× floor | ≤ 1.5× floor |"
[ -n "$py" ] && echo "| 20,000-row xlsx → JSON, time | ${T[fenjie.xlsx]} s | python-calamine ${T[calamine.xlsx]} s | $(ratio "${T[fenjie.xlsx]}" "${T[calamine.xlsx]}")× | ≤ 1.2× python-calamine |"
[ -n "$py" ] && echo "| 20,000-row xlsx, vs openpyxl | ${T[fenjie.xlsx]} s | openpyxl ${T[peer.xlsx]} s | $(ratio "${T[peer.xlsx]}" "${T[fenjie.xlsx]}")× faster | |"
echo "| 20,000-row xlsx, vs floor | ${T[fenjie.xlsx]} s | floor ${T[floor.xlsx]} s | $(ratio "${T[fenjie.xlsx]}" "${T[floor.xlsx]}")× floor | |"
echo "| 20,000-row text → JSON, time | ${T[fenjie.txt]} s | floor ${T[floor.txt]} s | $(ratio "${T[fenjie.txt]}" "${T[floor.txt]}")× floor | ≤ 3× floor |"
[ -n "$py" ] && echo "| 20,000-row text, vs Python csv | ${T[fenjie.txt]} s | csv ${T[peer.txt]} s | $(ratio "${T[peer.txt]}" "${T[fenjie.txt]}")× faster | faster |"
echo "| batch, 1,000 notices of 30 rows (outputs in memory) | --jobs 2: ${T[batch2]} s | --jobs 1: ${T[batch1]} s | $(ratio "${T[batch2]}" "${T[batch1]}")× | ≤ 0.6× |"
echo "| batch, the same, outputs on disk | --jobs 2: ${T[batch2disk]} s | --jobs 1: ${T[batch1disk]} s | $(ratio "${T[batch2disk]}" "${T[batch1disk]}")× | |"
echo "| batch peak memory, 1,000 vs 100 notices | 1,000: ${M[batch1000]} MB | 100: ${M[batch100]} MB | $(ratio "${M[batch1000]}" "${M[batch100]}")× | does not grow (≈ 1×) |"
echo "| startup, 30-row docx | ${T[startup.fenjie]} s | floor ${T[startup.floor]} s | $(ratio "${T[startup.fenjie]}" "${T[startup.floor]}")× floor | ≤ 2× floor |"
echo
echo "Inputs: $(ls -l $corpus/notice-20000.* | awk '{ printf "%s %.1f MB; ", $9, $5 / 1048576 }')"
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(rustc --version)"
