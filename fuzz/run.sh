#!/usr/bin/env bash
# Runs every fuzz target (or those in $TARGETS) for SECONDS each (default 60) with cargo fuzz (libFuzzer), from seeds in
# fuzz/seeds/. Prints, per target, the time and the number of executions. A crash stops the run
# and leaves its input in fuzz/artifacts/TARGET/: turn it into a regression test under tests/.
#
# cargo fuzz needs nightly compiler flags; on a stable toolchain RUSTC_BOOTSTRAP=1 allows them.
set -euo pipefail
seconds=${1:-60}
cd "$(dirname "$0")"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
if ! rustc --version | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1
fi
for target in ${TARGETS:-text docx xlsx units deadline html doc encoding sniff pdf}; do
  mkdir -p "corpus/$target"
  cp -n seeds/"$target"/* "corpus/$target/" 2>/dev/null || true
  # The web-page fixtures seed the html target too (not copied into seeds/).
  if [ "$target" = html ]; then
    find ../fixtures -name '*.html' -exec cp -n {} "corpus/$target/" \; 2>/dev/null || true
  fi
  # So do the PDF fixtures the pdf target (the small ones: -max_len is 64 KiB).
  if [ "$target" = pdf ]; then
    find ../fixtures -name '*.pdf' -size -64k -exec cp -n {} "corpus/$target/" \; 2>/dev/null || true
  fi
  log=$(mktemp)
  cargo fuzz run --release "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 2>"$log" || {
    tail -40 "$log"
    echo "fuzz: $target crashed; see fuzz/artifacts/$target/"
    exit 1
  }
  runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' | tail -1 || true)
  echo "fuzz: $target ran ${seconds}s, ${runs:-?} executions, no crash"
  rm -f "$log"
done
