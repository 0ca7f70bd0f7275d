#!/usr/bin/env bash
# Installs the tools users would reach for instead of cicb, for bench/run.py to compare against:
# xq (from yq, needs jq), xmltodict and jc, in bench/.venv.
set -euo pipefail
cd "$(dirname "$0")"
command -v jq >/dev/null || apt-get install -y jq
python3 -m venv .venv
.venv/bin/pip install --quiet yq xmltodict jc
echo "peers installed in bench/.venv"
