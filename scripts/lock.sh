#!/usr/bin/env bash
# Resolve requirements.in into requirements.txt (exact pins) in a throw-away venv.
# torch's CUDA wheels (nvidia-*, cuda-*, triton) exist only for Linux x86-64, so they get a marker.
set -euo pipefail
python=${1:-python3}
tmp=$(mktemp -d)
"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --upgrade pip
"$tmp/venv/bin/pip" install -q -r requirements.in
{
  echo "# Exact pins resolved from requirements.in by 'make lock' ($("$tmp/venv/bin/python" -V), $(uname -m))."
  "$tmp/venv/bin/pip" freeze --exclude-editable | sed -E \
    's/^((nvidia-|cuda-|triton)[^=]*==[^ ]+)$/\1 ; sys_platform == "linux" and platform_machine == "x86_64"/'
} > requirements.txt
rm -rf "$tmp"
echo "wrote requirements.txt ($(grep -vc '^#' requirements.txt) pins)"
