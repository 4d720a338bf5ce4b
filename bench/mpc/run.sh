#!/usr/bin/env bash
# Joint-analysis benchmark: Leerpunt's MPC (3 node processes on loopback, mutual TLS) against MPyC 0.11
# (3 processes) on the same workloads. Prints a table with both times, the ratio, peak RSS per
# process and the bytes Leerpunt sends per node beside the lower bound.
#
#   bench/mpc/run.sh              # full set: sum N=1e4,1e5,1e6; compare N=1e3,1e4
#   QUICK=1 bench/mpc/run.sh      # sum N=1e4,1e5; compare N=1e3
#   SKIP_MPYC=1 bench/mpc/run.sh  # Leerpunt only
#   CHECKS=false bench/mpc/run.sh # Leerpunt without its malicious-security checks
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
here="$root/bench/mpc"

cargo build --release -p leerpunt --manifest-path "$root/Cargo.toml" >&2
bin="$target/release/leerpunt"

work="$target/bench-mpc"
rm -rf "$work"
mkdir -p "$work"

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Three node identities and a spec that lists only the nodes.
{
  echo 'id = "bench"'
  echo 'title = "benchmark"'
  for n in b0 b1 b2; do
    "$bin" node init --name "$n" --dir "$work" >/dev/null
    printf '[[nodes]]\nname = "%s"\naddress = "127.0.0.1:%s"\ncert = "%s.cert.pem"\n' "$n" "$(port)" "$n"
  done
} > "$work/spec.toml"

# run_leerpunt WORKLOAD N -> one JSON line per node in $work/leerpunt-WORKLOAD-N.jsonl
run_leerpunt() {
  local out="$work/leerpunt-$1-$2.jsonl"
  : > "$out"
  local pids=() node
  for node in b0 b1 b2; do
    "$bin" node bench --spec "$work/spec.toml" --as "$node" --workload "$1" --n "$2" --checks "${CHECKS:-true}" >> "$out" &
    pids+=($!)
  done
  local p
  for p in "${pids[@]}"; do wait "$p"; done
}

# run_mpyc WORKLOAD N -> one JSON line per party in $work/mpyc-WORKLOAD-N.jsonl
venv="$target/mpyc-venv"
run_mpyc() {
  local out="$work/mpyc-$1-$2.jsonl"
  : > "$out"
  local base; base="$(port)"
  local pids=() i
  for i in 0 1 2; do
    BENCH_WORKLOAD="$1" BENCH_N="$2" "$venv/bin/python" "$here/mpyc_bench.py" -M3 -I"$i" -B "$base" 2>/dev/null >> "$out" &
    pids+=($!)
  done
  local p
  for p in "${pids[@]}"; do wait "$p"; done
}

if [[ -z "${SKIP_MPYC:-}" ]]; then
  if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "mpyc==0.11"
  fi
fi

if [[ -n "${QUICK:-}" ]]; then
  sums=(10000 100000); cmps=(1000)
else
  sums=(10000 100000 1000000); cmps=(1000 10000)
fi

for n in "${sums[@]}"; do
  echo "leerpunt sum N=$n" >&2; run_leerpunt sum "$n"
  [[ -z "${SKIP_MPYC:-}" ]] && { echo "mpyc sum N=$n" >&2; run_mpyc sum "$n"; }
done
for n in "${cmps[@]}"; do
  echo "leerpunt compare N=$n" >&2; run_leerpunt compare "$n"
  [[ -z "${SKIP_MPYC:-}" ]] && { echo "mpyc compare N=$n" >&2; run_mpyc compare "$n"; }
done

python3 "$here/table.py" "$work"
