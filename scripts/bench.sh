#!/usr/bin/env bash
# Benchmark charter against peers on the same machine in the same run, and
# write docs/performance.md. Needs: cargo, python3 with the `typst` package
# (pip install typst), pandoc, LibreOffice (soffice), GNU time, pdfinfo.
#
#   scripts/bench.sh [COUNT]      COUNT organisations (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work"

for tool in python3 pandoc soffice pdfinfo /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench.sh needs $tool" >&2; exit 2; }
done
python3 -c "import typst" 2>/dev/null || { echo "bench.sh needs the typst Python package: pip install typst" >&2; exit 2; }

cargo build --release --quiet
bin="$PWD/target/release/charter"
threads="$(nproc)"
echo "generating $count organisations in $work" >&2
python3 scripts/bench.py generate "$work" "$count"

# measure NAME CMD… → {"wall_s": …, "rss_mb": …}
measure() {
  local name="$1"; shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
  read -r wall rss < "$work/$name.time"
  echo "{\"wall_s\": $wall, \"rss_mb\": $(awk "BEGIN {print $rss / 1024}")}"
}

cd "$work"
echo "batch: PDF + DOCX" >&2
both="$(measure both "$bin" build charters --format pdf,docx -o out-both --force -q)"
echo "unchanged rebuild" >&2
unchanged="$(measure unchanged "$bin" build charters --format pdf,docx -o out-both -q)"
echo "batch: PDF only, DOCX only, PDF on one thread" >&2
pdf="$(measure pdf "$bin" build charters --format pdf -o out-pdf --force -q)"
docx="$(measure docx "$bin" build charters --format docx -o out-docx --force -q)"
serial="$(measure serial "$bin" build charters --format pdf -o out-serial --force -q -j 1)"
"$bin" build charters --format json -o out-json -q
pages="$(pdfinfo out-pdf/org0000/service-commitment.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')"

echo "cold single builds" >&2
colds=()
for i in 1 2 3 4 5; do
  /usr/bin/time -f '%e' -o cold.time "$bin" build charters/orgs/org0007/service-commitment.toml --format pdf -o out-cold --force -q
  colds+=("$(cat cold.time)")
done
cold_median="$(printf '%s\n' "${colds[@]}" | sort -n | sed -n 3p)"

echo "peer: bare Typst (typst-py)" >&2
typst_figures="$(python3 "$OLDPWD/scripts/bench.py" typst out-json 200)"
echo "peer: pandoc + LibreOffice" >&2
pandoc_figures="$(python3 "$OLDPWD/scripts/bench.py" pandoc out-json 20)"
cd "$OLDPWD"

cat > "$work/figures.json" <<JSON
{
  "charters": $count,
  "pages": ${pages:-0},
  "threads": $threads,
  "machine": "$(uname -sm), $threads cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)",
  "version": "$("$bin" --version | awk '{print $2}')",
  "typst_version": "$(python3 -c 'import importlib.metadata as m; print(m.version("typst"))')",
  "pandoc_version": "$(pandoc --version | head -1 | awk '{print $2}')",
  "soffice_version": "$(soffice --version | awk '{print $2}')",
  "batch_both": $both,
  "unchanged": $unchanged,
  "batch_pdf": $pdf,
  "batch_docx": $docx,
  "serial_pdf": $serial,
  "cold": {"median_s": $cold_median},
  "typst": $typst_figures,
  "pandoc": $pandoc_figures
}
JSON
python3 scripts/bench.py report "$work/figures.json" docs/performance.md
cat docs/performance.md
