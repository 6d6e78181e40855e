#!/usr/bin/env bash
# Times `charter volume` on a 20-regulation organisation against its peer in
# the same run: `charter build` of the same 20 charters (PDF + DOCX, every
# core). The regulations are distinct texts: the 14 real regulations of
# ../shared/realdocs imported, plus the six example charters (without
# ../shared, copies of the examples with their own ids).
#
#   bash scripts/bench-volume.sh            # release build, then the figures
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin="$PWD/target/release/charter"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/charters/orgs/big"
cp -r charters/models "$work/charters/"
org="$work/charters/orgs/big"
cp charters/orgs/qingshan/org.toml "$org/org.toml"

n=0
if [ -d ../shared/realdocs ]; then
  for f in ../shared/realdocs/*.docx ../shared/realdocs/*.md ../shared/realdocs/*.txt; do
    name="$(basename "$f")"
    [ "$name" = README.md ] && continue
    stem="${name%.*}"
    "$bin" import "$f" -o "$org/$stem.toml" --org-out "$work/org-$stem.toml" -q --force
    n=$((n + 1))
  done
fi
k=0
while [ "$n" -lt 20 ]; do
  for src in charters/orgs/qingshan/articles.toml charters/orgs/qingshan/service-commitment.toml \
             charters/orgs/hexi/service-commitment.toml charters/orgs/lanting/service-commitment.toml \
             charters/orgs/luzhou/constitution.toml; do
    [ "$n" -ge 20 ] && break
    k=$((k + 1))
    sed -e "0,/^id = \"[a-z-]*\"/s//id = \"example$k\"/" "$src" > "$org/example$k.toml"
    n=$((n + 1))
  done
done

cd "$work"
# Every regulation is the organisation's (the imported ones name their own).
override="$work/org-override.toml"
cp "$org/org.toml" "$override"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_of() { /usr/bin/time -f '%e' "$@" 2>&1 >/dev/null | tail -1; }
"$bin" volume charters/orgs/big --org "$override" --force -q   # warm the file cache
volume=(); build=()
for _ in 1 2 3 4 5; do
  volume+=("$(time_of "$bin" volume charters/orgs/big --org "$override" --force -q)")
  build+=("$(time_of "$bin" build charters/orgs/big --org "$override" --format pdf,docx -o out-build --force -q)")
done
v="$(printf '%s\n' "${volume[@]}" | median)"
b="$(printf '%s\n' "${build[@]}" | median)"
pages="$(pdfinfo out/big/big-volume.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')"
count="$(ls "$org"/*.toml | grep -vc '/org.toml$')"
echo "regulations: $count, volume pages: $pages, $(nproc) cores"
echo "charter volume (PDF + DOCX, one Typst compile): ${v} s wall (median of 5)"
echo "charter build of the same charters (PDF + DOCX): ${b} s wall (median of 5)"
awk -v v="$v" -v b="$b" 'BEGIN { printf "volume / build: %.2f\n", v / b }'
