#!/usr/bin/env bash
# Seeds every fuzz target's corpus with the bundled samples (valid and invalid).
set -euo pipefail
cd "$(dirname "$0")"
for target in decode_xml decode_json roundtrip commands sample diff redact; do
  mkdir -p "corpus/$target"
  find ../samples -type f \( -name '*.xml' -o -name '*.json' \) -exec cp {} "corpus/$target/" \;
done
echo "seeded: $(ls corpus/roundtrip | wc -l) files per target"
