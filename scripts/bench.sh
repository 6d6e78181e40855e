#!/usr/bin/env bash
# Benchmark charter against a floor run on the same machine in the same run,
# and write docs/performance.md. Needs: cargo, python3, GNU time, pdfinfo;
# optionally valgrind (instruction counts), pandoc and LibreOffice (soffice)
# for the pandoc peer.
#
#   scripts/bench.sh [COUNT]      COUNT organisations (default 1000)
#
# The floor is scripts/floor.typ, a minimal template over the same resolved
# JSON with the same fonts, built by the same binary: the ratio of the two
# one-thread PDF builds is the cost of the formal layout alone.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work"

for tool in python3 pdfinfo /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench.sh needs $tool" >&2; exit 2; }
done

cargo build --release --quiet
bin="$PWD/target/release/charter"
threads="$(nproc)"
echo "generating $count organisations in $work" >&2
python3 scripts/bench.py generate "$work" "$count"

# measure NAME CMD… → {"wall_s": …, "cpu_s": …, "rss_mb": …}
measure() {
  local name="$1"; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
  read -r wall user sys rss < "$work/$name.time"
  echo "{\"wall_s\": $wall, \"cpu_s\": $(awk "BEGIN {print $user + $sys}"), \"rss_mb\": $(awk "BEGIN {print $rss / 1024}")}"
}

cd "$work"
echo "batch: PDF + DOCX" >&2
both="$(measure both "$bin" build charters --format pdf,docx -o out-both --force -q)"
echo "unchanged rebuild" >&2
unchanged="$(measure unchanged "$bin" build charters --format pdf,docx -o out-both -q)"
echo "batch: PDF only, DOCX only" >&2
pdf="$(measure pdf "$bin" build charters --format pdf -o out-pdf --force -q)"
docx="$(measure docx "$bin" build charters --format docx -o out-docx --force -q)"
echo "one thread: formal and floor, alternating, five times each" >&2
serial=(); floor=()
for i in 1 2 3 4 5; do
  serial+=("$(measure serial$i "$bin" build charters --format pdf -o out-serial --force -q -j 1)")
  floor+=("$(measure floor$i "$bin" build charters-floor --format pdf -o out-floor --force -q -j 1)")
done
echo "OFD: batch, and one thread OFD only and PDF + OFD" >&2
ofd="$(measure ofd "$bin" build charters --format ofd -o out-ofd --force -q)"
serial_ofd="$(measure serial-ofd "$bin" build charters --format ofd -o out-serial-ofd --force -q -j 1)"
serial_pdf_ofd="$(measure serial-pdf-ofd "$bin" build charters --format pdf,ofd -o out-serial-pdf-ofd --force -q -j 1)"
"$bin" build charters --format json -o out-json -q
pages="$(pdfinfo out-pdf/org0000/service-commitment.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')"

echo "cold single builds" >&2
colds=()
for i in 1 2 3 4 5; do
  /usr/bin/time -f '%e' -o cold.time "$bin" build charters/orgs/org0007/service-commitment.toml --format pdf -o out-cold --force -q
  colds+=("$(cat cold.time)")
done
cold_median="$(printf '%s\n' "${colds[@]}" | sort -n | sed -n 3p)"

# Instructions (valgrind's callgrind), which the machine's load does not
# change: a charter's own instructions are those of eleven charters less
# those of the first one alone, divided by ten, for formal and for the floor.
instructions="null"
if command -v valgrind >/dev/null; then
  echo "one thread: instructions of formal and floor (callgrind)" >&2
  subset() { # subset TREE N → a tree of the first N organisations
    local out="$1-$2"
    rm -rf "$out"; mkdir -p "$out/orgs"; cp -r "$1/models" "$out/"
    for org in $(ls "$1/orgs" | head -n "$2"); do cp -r "$1/orgs/$org" "$out/orgs/"; done
    echo "$out"
  }
  count() { # count TREE → instructions of a one-thread PDF build
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" build "$1" --format pdf -o out-cg --force -q -j 1 2>&1 \
      | awk '/Collected :/ {print $NF}'
  }
  per_charter() { echo $(( ($(count "$(subset "$1" 11)") - $(count "$(subset "$1" 1)")) / 10 )); }
  instructions="{\"formal\": $(per_charter charters), \"floor\": $(per_charter charters-floor)}"
fi

pandoc_figures="null"
if command -v pandoc >/dev/null && command -v soffice >/dev/null; then
  echo "peer: pandoc + LibreOffice" >&2
  pandoc_figures="$(python3 "$OLDPWD/scripts/bench.py" pandoc out-json 20)"
fi
cd "$OLDPWD"

join() { local IFS=,; echo "[$*]"; }
cat > "$work/figures.json" <<JSON
{
  "charters": $count,
  "pages": ${pages:-0},
  "threads": $threads,
  "machine": "$(uname -sm), $threads cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)",
  "version": "$("$bin" --version | awk '{print $2}')",
  "pandoc_version": "$(command -v pandoc >/dev/null && pandoc --version | head -1 | awk '{print $2}' || echo none)",
  "soffice_version": "$(command -v soffice >/dev/null && soffice --version | awk '{print $2}' || echo none)",
  "batch_both": $both,
  "unchanged": $unchanged,
  "batch_pdf": $pdf,
  "batch_docx": $docx,
  "batch_ofd": $ofd,
  "serial_ofd": $serial_ofd,
  "serial_pdf_ofd": $serial_pdf_ofd,
  "serial_pdf": $(join "${serial[@]}"),
  "floor_pdf": $(join "${floor[@]}"),
  "cold": {"median_s": $cold_median},
  "instructions": $instructions,
  "pandoc": $pandoc_figures
}
JSON
python3 scripts/bench.py report "$work/figures.json" docs/performance.md
cat docs/performance.md
