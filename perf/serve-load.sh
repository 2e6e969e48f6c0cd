#!/usr/bin/env bash
# The load test of `fenjie serve` (not part of cargo test): loopback only, 8 clients, 2,000
# requests of mixed fixtures and hostile files, stopped after 10 minutes at most. Prints
# requests per second, p50/p99 latency, the server's memory after 200 requests and at the end,
# and the answers that were not as expected; exits 1 on any of those or on memory growth.
#
#   perf/serve-load.sh                 # 8 clients, 2,000 requests
#   REQUESTS=500 perf/serve-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --bin fenjie --example serve_load
exec target/release/examples/serve_load --bin target/release/fenjie \
  --clients "${CLIENTS:-8}" --requests "${REQUESTS:-2000}" --seconds "${SECONDS_LIMIT:-600}"
