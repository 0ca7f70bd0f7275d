#!/usr/bin/env bash
# Benchmark: `cicb validate` over a directory of generated fixtures (copies of every sample under
# samples/, valid and invalid, spread over 100 folders). Goal: 10 000 files in under a second on
# a 2-core machine.
#
#   bench/validate.sh            # 10 000 files
#   bench/validate.sh 50000      # another count
#
# Uses hyperfine when installed (`apt-get install -y hyperfine`), else times five runs with bash.
set -euo pipefail
cd "$(dirname "$0")/.."

count="${1:-10000}"
cargo build --release --locked --quiet
bin="$PWD/target/release/cicb"

dir="$(mktemp -d "${TMPDIR:-/tmp}/cicb-validate-bench.XXXXXX")"
trap 'rm -rf "$dir"' EXIT

mapfile -t samples < <(find samples -type f \( -name '*.xml' -o -name '*.json' \) | sort)
bodies=()
for src in "${samples[@]}"; do
  bodies+=("$(< "$src")") # builtins only below: no process per file
done
for ((d = 0; d < 100; d++)); do mkdir "$dir/d$d"; done
for ((i = 0; i < count; i++)); do
  k=$((i % ${#samples[@]}))
  printf '%s\n' "${bodies[k]}" > "$dir/d$((i % 100))/f$i.${samples[k]##*.}"
done
echo "generated $count files from ${#samples[@]} samples ($(du -sh --apparent-size "$dir" | cut -f1)) in $dir"
"$bin" validate --format json "$dir" > "$dir.json" 2> "$dir.summary" || true
echo "$(cat "$dir.summary"); $(grep -c '"rule"' "$dir.json") diagnostics"
rm -f "$dir.json" "$dir.summary"

if command -v hyperfine > /dev/null; then
  hyperfine --warmup 2 --runs 10 -N --ignore-failure \
    "$bin validate --quiet $dir" \
    "$bin validate --quiet --format json $dir" \
    "$bin validate --quiet --format github $dir"
else
  for run in 1 2 3 4 5; do
    start=$(date +%s.%N)
    "$bin" validate --quiet "$dir" 2> /dev/null || true
    end=$(date +%s.%N)
    echo "run $run: $(echo "$end - $start" | bc) s"
  done
fi
