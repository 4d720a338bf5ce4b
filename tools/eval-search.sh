#!/usr/bin/env bash
# Scores search quality on the development set of the eval kit (nDCG@10, Recall@20, MRR), for both
# /api/v1/search and /api/v1/match: imports the Algorithm Register into a fresh data directory,
# starts a server on a free loopback port and asks it every question. Fails when nDCG@10 of either
# endpoint drops below MIN_NDCG (default 0.75). At the end it prints a per-language table (nl, en,
# all) for both endpoints with eval/by_lang.py when that script is present.
#
#   tools/eval-search.sh                  # uses target/release/leerpunt, else target/debug/leerpunt
#   LEERPUNT_BIN=path/to/leerpunt MIN_NDCG=0.8 tools/eval-search.sh
#   QUERIES=eval/queries.jsonl QRELS=eval/qrels.tsv tools/eval-search.sh   # the repository's own set
#                                         # (paths relative to the repository root; see eval/README.md)
#   EVAL_DATA=target/eval-data tools/eval-search.sh   # keep the imported data for the next run
# Search by meaning is on when models/e5-small-q4.bin is there (tools/fetch-model.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

EVAL_DIR=${EVAL_DIR:-../shared/eval}
REGISTER=${REGISTER:-../shared/data/algoritmeregister/algoritmes-2026-08-08.json}
QUERIES=${QUERIES:-$EVAL_DIR/queries-dev.jsonl}
QRELS=${QRELS:-$EVAL_DIR/qrels-dev.tsv}
MIN_NDCG=${MIN_NDCG:-0.75}

for f in "$EVAL_DIR/eval.py" "$EVAL_DIR/run_api.py" "$REGISTER" "$QUERIES" "$QRELS"; do
  [ -f "$f" ] || { echo "eval-search: missing $f (set EVAL_DIR, REGISTER, QUERIES or QRELS)" >&2; exit 2; }
done

BIN=${LEERPUNT_BIN:-}
if [ -z "$BIN" ]; then
  if [ -x target/release/leerpunt ]; then BIN=target/release/leerpunt; else
    cargo build --locked -p leerpunt --quiet
    BIN=target/debug/leerpunt
  fi
fi

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export LEERPUNT_LOG=warn
# EVAL_DATA keeps the imported data directory (with the practices' meaning vectors) for the
# next run, which then skips the import.
data=${EVAL_DATA:-$work/data}
if [ ! -f "$data/leerpunt.db" ]; then
  "$BIN" --data-dir "$data" import algoritmeregister "$REGISTER" >/dev/null
  "$BIN" --data-dir "$data" reindex
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" --data-dir "$data" serve --bind "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
# Ready: index current and, with a model, search by meaning on.
for _ in $(seq 1 600); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/readyz', timeout=1)" 2>/dev/null; then break; fi
  sleep 0.2
done

status=0
for endpoint in /api/v1/search /api/v1/match; do
  echo "== $endpoint"
  python3 "$EVAL_DIR/run_api.py" "http://127.0.0.1:$port" "$QUERIES" "$endpoint" >"$work/run.jsonl"
  cp "$work/run.jsonl" "$work/run-${endpoint##*/}.jsonl"
  python3 "$EVAL_DIR/eval.py" "$QRELS" "$QUERIES" "$work/run.jsonl" | tee "$work/score.txt"
  score=$(tail -n 1 "$work/score.txt" | awk '{print $2}')
  if python3 -c "import sys; sys.exit(0 if float('$score') >= float('$MIN_NDCG') else 1)"; then
    echo "$endpoint: nDCG@10 $score (minimum $MIN_NDCG)"
  else
    echo "$endpoint: nDCG@10 $score is below the minimum $MIN_NDCG" >&2
    status=1
  fi
done
if [ -f eval/by_lang.py ]; then
  echo "== per language"
  python3 eval/by_lang.py "$QRELS" "$QUERIES" search="$work/run-search.jsonl" match="$work/run-match.jsonl" \
    || echo "eval-search: per-language breakdown failed" >&2
fi
if [ -f eval/confidence.py ]; then
  echo "== /api/v1/match: close matches against the judgments (first practice right or wrong)"
  python3 eval/confidence.py "http://127.0.0.1:$port" "$QUERIES" "$QRELS" \
    || echo "eval-search: confidence table failed" >&2
fi
exit $status
