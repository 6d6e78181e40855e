#!/usr/bin/env bash
# The studio's keystroke → updated-preview latency in chromium, per document,
# against the targets of issue 28 (median ≤ 300 ms on the qingshan 服务承诺制度,
# ≤ 600 ms on a long imported regulation). Needs chromium and chromedriver.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(cargo test --release --test studio_bench -- --ignored --nocapture 2>&1) || {
  echo "$out" | tail -30
  exit 1
}
echo "$out" | grep '^BENCH' | while read -r _ name pages median p90 target sizes; do
  m=${median#median_ms=}; t=${target#target_ms=}
  verdict=$([ "$m" -le "$t" ] && echo within || echo OVER)
  echo "$name: ${pages#pages=} pages, median ${m} ms (p90 ${p90#p90_ms=} ms), target ${t} ms: $verdict; ${sizes}"
done
