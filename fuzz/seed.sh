#!/usr/bin/env bash
# Seeds every fuzz target's corpus with the bundled samples (valid and invalid).
set -euo pipefail
cd "$(dirname "$0")"
for target in decode_xml decode_json roundtrip commands sample diff redact; do
  mkdir -p "corpus/$target"
  find ../samples -type f \( -name '*.xml' -o -name '*.json' \) -exec cp {} "corpus/$target/" \;
done
# send_set reads two bytes that pick a leaf and one for the value's length before the body: each
# sample gets a header that picks its n-th leaf and sets it to "Failed".
mkdir -p corpus/send_set
n=0
find ../samples -type f \( -name '*.xml' -o -name '*.json' \) -print0 | sort -z | while IFS= read -r -d '' f; do
  n=$((n + 1))
  { printf "\\x$(printf %02x $((n % 256)))\\x00\\x06Failed"; cat "$f"; } >"corpus/send_set/$(basename "$f")"
done
echo "seeded: $(ls corpus/roundtrip | wc -l) files per target"
