#!/usr/bin/env bash
# Whole-command benchmarks: fenjie against the floor (examples/floor.rs) and the tools users would
# otherwise use, on generated notices (examples/make_corpus.rs). Prints a Markdown table of
# medians, peak memory, and each target of perf/README.md with its ratio and whether it is met.
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
  [ -f "$corpus/notice-$rows.html" ] || "$bin/examples/make_corpus" --rows "$rows" --out "$corpus" >/dev/null
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

for ext in docx xlsx txt list.txt html; do
  f="$corpus/notice-20000.$ext"
  measure "fenjie.$ext" "$bin/fenjie convert $f -f json -o /dev/null -q"
  measure "floor.$ext" "$bin/examples/floor $f"
done
if [ -n "$py" ]; then
  # Slow peers: three runs are enough to see a median.
  measure "peer.docx" "$py perf/peers/peer_python_docx.py $corpus/notice-20000.docx" 3
  measure "peer.xlsx" "$py perf/peers/peer_openpyxl.py $corpus/notice-20000.xlsx" 3
  measure "calamine.xlsx" "$py perf/peers/peer_python_calamine.py $corpus/notice-20000.xlsx"
  measure "peer.txt" "$py perf/peers/peer_python_csv.py $corpus/notice-20000.txt"
fi
measure "startup.fenjie" "$bin/fenjie convert $corpus/notice-30.docx -f json -o /dev/null -q"
measure "startup.floor" "$bin/examples/floor $corpus/notice-30.docx"
# Batch scaling: outputs on a memory file system measure the CPU work; on disk, creating 1,000
# files in one folder also serialises on the folder's lock.
shm=/dev/shm/fenjie-bench-out
[ -d /dev/shm ] || shm=target/bench-out-shm
T[batch1]=$(median "$bin/fenjie batch $corpus/batch -o $shm --jobs 1 -q" 5 "rm -rf $shm")
T[batch2]=$(median "$bin/fenjie batch $corpus/batch -o $shm --jobs 2 -q" 5 "rm -rf $shm")
T[batch1disk]=$(median "$bin/fenjie batch $corpus/batch -o target/bench-out --jobs 1 -q" 5 "rm -rf target/bench-out")
T[batch2disk]=$(median "$bin/fenjie batch $corpus/batch -o target/bench-out --jobs 2 -q" 5 "rm -rf target/bench-out")
# The same batch into a SQLite database beside the outputs, both on disk (the database on a
# memory file system would hide what it costs to write).
T[batchsqlite]=$(median "$bin/fenjie batch $corpus/batch -o target/bench-out --jobs 2 -q --sqlite target/bench-out.db" 5 "rm -rf target/bench-out target/bench-out.db target/bench-out.db-wal target/bench-out.db-shm")
rm -rf "$shm" target/bench-out target/bench-out.db*
M[batch1000]=$(peak "$bin/fenjie batch $corpus/batch -o target/bench-out --jobs 2 -q")
rm -rf target/bench-out
M[batch100]=$(peak "$bin/fenjie batch $corpus/batch100 -o target/bench-out --jobs 2 -q")
rm -rf target/bench-out
M[combined1000]=$(peak "$bin/fenjie batch $corpus/batch -o target/bench-out --jobs 2 -q --combined target/bench-out/all.csv")
rm -rf target/bench-out
M[combined100]=$(peak "$bin/fenjie batch $corpus/batch100 -o target/bench-out --jobs 2 -q --combined target/bench-out/all.csv")
rm -rf target/bench-out

# One row per target: what was measured, against what, the ratio, the target and whether it is
# met. `at_most A B LIMIT`: A / B ≤ LIMIT; `faster A B LIMIT`: B / A ≥ LIMIT.
met() { awk -v r="$1" -v l="$2" -v op="$3" 'BEGIN { ok = (op == "le") ? (r <= l) : (r >= l); print (ok ? "met" : "not met") }'; }
row() { # label, fenjie, other, ratio, target text, limit, le|ge
  echo "| $1 | $2 | $3 | $4 | $5 | $(met "$4" "$6" "$7") |"
}
echo
echo "| target | fenjie | floor / peer | ratio | target | met |"
echo "|---|---|---|---|---|---|"
r=$(ratio "${T[fenjie.docx]}" "${T[floor.docx]}"); row "20,000-row docx → JSON, time" "${T[fenjie.docx]} s" "floor ${T[floor.docx]} s" "$r" "≤ 2× floor" 2 le
r=$(ratio "${M[fenjie.docx]}" "${M[floor.docx]}"); row "20,000-row docx, peak memory" "${M[fenjie.docx]} MB" "floor ${M[floor.docx]} MB" "$r" "≤ 1.5× floor" 1.5 le
if [ -n "$py" ]; then
  r=$(ratio "${T[peer.docx]}" "${T[fenjie.docx]}"); row "20,000-row docx, vs python-docx (× faster)" "${T[fenjie.docx]} s" "python-docx ${T[peer.docx]} s" "$r" "≥ 50× faster" 50 ge
  r=$(ratio "${T[fenjie.xlsx]}" "${T[calamine.xlsx]}"); row "20,000-row xlsx → JSON, time" "${T[fenjie.xlsx]} s" "python-calamine ${T[calamine.xlsx]} s" "$r" "≤ 1.2× python-calamine" 1.2 le
  r=$(ratio "${T[peer.txt]}" "${T[fenjie.txt]}"); row "20,000-row text, vs Python csv (× faster)" "${T[fenjie.txt]} s" "csv ${T[peer.txt]} s" "$r" "faster (> 1×)" 1.0001 ge
fi
r=$(ratio "${T[fenjie.txt]}" "${T[floor.txt]}"); row "20,000-row text → JSON, time" "${T[fenjie.txt]} s" "floor ${T[floor.txt]} s" "$r" "≤ 3× floor" 3 le
r=$(ratio "${T[fenjie.list.txt]}" "${T[floor.list.txt]}"); row "20,000-item paragraph notice → JSON, time" "${T[fenjie.list.txt]} s" "floor ${T[floor.list.txt]} s" "$r" "≤ 3× floor (as text)" 3 le
r=$(ratio "${T[fenjie.html]}" "${T[floor.html]}"); row "20,000-row web page → JSON, time" "${T[fenjie.html]} s" "floor (HTML5 parse) ${T[floor.html]} s" "$r" "≤ 2× floor (as docx)" 2 le
r=$(ratio "${M[fenjie.html]}" "${M[floor.html]}"); row "20,000-row web page, peak memory" "${M[fenjie.html]} MB" "floor ${M[floor.html]} MB" "$r" "≤ 1.5× floor (as docx)" 1.5 le
r=$(ratio "${T[batch2]}" "${T[batch1]}"); row "batch of 1,000 notices, --jobs 2 vs 1, outputs in memory" "${T[batch2]} s" "${T[batch1]} s" "$r" "≤ 0.6×" 0.6 le
r=$(ratio "${T[batch2disk]}" "${T[batch1disk]}"); row "batch of 1,000 notices, --jobs 2 vs 1, outputs on disk" "${T[batch2disk]} s" "${T[batch1disk]} s" "$r" "≤ 0.6×" 0.6 le
r=$(ratio "${T[batchsqlite]}" "${T[batch2disk]}"); row "batch of 1,000 notices --jobs 2, --sqlite vs without (on disk)" "${T[batchsqlite]} s" "${T[batch2disk]} s" "$r" "≤ 1.3×" 1.3 le
r=$(ratio "${M[batch1000]}" "${M[batch100]}"); row "batch peak memory, 1,000 vs 100 notices" "${M[batch1000]} MB" "${M[batch100]} MB" "$r" "flat (≤ 1.1×)" 1.1 le
r=$(ratio "${M[combined1000]}" "${M[combined100]}"); row "batch --combined peak memory, 1,000 vs 100 notices" "${M[combined1000]} MB" "${M[combined100]} MB" "$r" "flat (≤ 1.1×)" 1.1 le
echo
echo "Also measured (no target): xlsx vs the floor $(ratio "${T[fenjie.xlsx]}" "${T[floor.xlsx]}")×; text memory ${M[fenjie.txt]} MB (floor ${M[floor.txt]} MB); startup on a 30-row docx ${T[startup.fenjie]} s (floor ${T[startup.floor]} s)$( [ -n "$py" ] && echo "; openpyxl ${T[peer.xlsx]} s on the xlsx")."
echo "Inputs: $(ls -l $corpus/notice-20000.* | awk '{ printf "%s %.1f MB; ", $9, $5 / 1048576 }')"
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(rustc --version)"
