#!/usr/bin/env bash
# The three example specs run from the web, end to end: the test
# `computations::mpc_web_issued_examples_run_on_three_node_processes` drafts, consents to and
# issues each spec on an in-process Leerpunt, then runs three `leerpunt node run --spec-url`
# processes and the input parties' `leerpunt node input` processes of a release build on loopback
# with mutual TLS, and prints how long the nodes and parties took, per spec.
#
#   bench/mpc/examples.sh                 # 10,000 records per input party
#   RECORDS=1000 bench/mpc/examples.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
RECORDS=${RECORDS:-10000}
cargo build --release --locked -p leerpunt --quiet
LEERPUNT_NODE_BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/leerpunt" LEERPUNT_E2E_RECORDS="$RECORDS" \
  cargo test --locked -p leerpunt --test it computations:: -- --nocapture 2>&1 \
  | grep -E '^(schuldsignalering|jeugdzorg|uitkeringen)|test result|panicked'
