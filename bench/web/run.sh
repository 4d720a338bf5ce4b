#!/usr/bin/env bash
# Web benchmark: requests per second and latency of Leerpunt's main routes under 64 connections,
# each as a share of a bare axum "hello" route measured in the same run on the same machine.
#
#   bash bench/web/run.sh                      # the demo (44 practices)
#   REGISTER=algoritmes.json bash bench/web/run.sh   # with the Algorithm Register imported
#   DURATION=10 CONNECTIONS=64 bash bench/web/run.sh
#
# Needs wrk (installed with apt-get when missing). Builds release binaries, starts the demo and
# the reference server on loopback ports, and stops both at the end. Prints a Markdown table and
# the server's peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
HELLO_PORT=${HELLO_PORT:-18099}

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "building release binaries…" >&2
cargo build --release --locked -q -p leerpunt --bin leerpunt
cargo build --release --locked -q -p leerpunt-web --example hello
bin=target/release/leerpunt
hello=target/release/examples/hello

data=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

if [ -n "${REGISTER:-}" ]; then
  echo "importing the Algorithm Register from $REGISTER…" >&2
  "$bin" --data-dir "$data" import demo >/dev/null
  "$bin" --data-dir "$data" import algoritmeregister "$REGISTER" >/dev/null
  "$bin" --data-dir "$data" reindex >/dev/null 2>&1
fi

# A broker with a token writes a discussion of 50 replies through the API once the server runs.
echo "een lang wachtwoord voor de benchmark" | "$bin" --data-dir "$data" admin create-user bench@minbzk.nl --broker --password-stdin >/dev/null
token=$("$bin" --data-dir "$data" admin token create bench@minbzk.nl --scope discussions:write 2>/dev/null)

LEERPUNT_LOG=warn "$bin" --data-dir "$data" serve --demo --bind "127.0.0.1:$PORT" >"$data/serve.log" 2>&1 &
server=$!
pids+=("$server")
"$hello" "127.0.0.1:$HELLO_PORT" >/dev/null 2>&1 &
pids+=("$!")

base="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && curl -fsS "http://127.0.0.1:$HELLO_PORT/" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$base/healthz" >/dev/null || { cat "$data/serve.log" >&2; exit 1; }

slug=$(curl -fsS "$base/api/v1/practices?per_page=1&source=demo" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')
org=$(curl -fsS "$base/api/v1/practices/$slug" | python3 -c 'import json,sys; print(json.load(sys.stdin)["owner"]["code"])')

community=$(curl -fsS "$base/api/v1/communities" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')
post() { curl -fsS -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/json" -d "$2" "$base$1"; }
topic=$(post "/api/v1/communities/$community/topics" '{"title": "Een discussie met vijftig reacties", "body": "Hoe pakken jullie dit aan? Ik ben benieuwd naar **ervaringen** uit andere gemeenten."}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for i in $(seq 1 50); do
  post "/api/v1/topics/$topic/replies" "{\"body\": \"Reactie $i: bij ons werkt het zo, met *een paar* regels tekst en [een link](/praktijken/$slug).\"}" >/dev/null
done

routes=(
  "hello|http://127.0.0.1:$HELLO_PORT/"
  "/healthz|$base/healthz"
  "/privacy|$base/privacy"
  "/api/v1/practices/{slug}|$base/api/v1/practices/$slug"
  "/api/v1/themes|$base/api/v1/themes"
  "/begrippen|$base/begrippen"
  "/ (home)|$base/"
  "/praktijken/{slug}|$base/praktijken/$slug"
  "/organisaties/{code}|$base/organisaties/$org"
  "/zoeken?q=schuldhulp|$base/zoeken?q=schuldhulp"
  "/vraag?q=…|$base/vraag?q=hoe+voorkomen+we+betalingsachterstanden"
  "/gemeenschappen/{slug}|$base/gemeenschappen/$community"
  "/gemeenschappen/{slug}/onderwerpen/{id} (50 replies)|$base/gemeenschappen/$community/onderwerpen/$topic"
  "/helpdesk|$base/helpdesk"
  "/faq|$base/faq"
  "/dashboard|$base/dashboard"
  "/api/v1/dashboard|$base/api/v1/dashboard"
  "/agenda|$base/agenda"
  "/kaart|$base/kaart"
  "/netwerk?center={org}|$base/netwerk?center=organisation%3A$org"
  "/api/v1/network?center={org}&depth=2|$base/api/v1/network?center=organisation:$org&depth=2"
)

# Warm up every route once (first requests fill caches and the page cache's entries).
for r in "${routes[@]}"; do curl -fsS -o /dev/null "${r#*|}"; done

ms() { # wrk latency ("1.23ms", "456.00us", "1.02s") in milliseconds
  python3 -c 'import sys,re
v=sys.argv[1]; m=re.match(r"([0-9.]+)(us|ms|s)$", v)
n=float(m.group(1)); u=m.group(2)
print("%.2f" % (n/1000 if u=="us" else n*1000 if u=="s" else n))' "$1"
}

printf '| route | req/s | share of bare axum | p50 ms | p99 ms |\n|---|---|---|---|---|\n'
hello_rps=""
for r in "${routes[@]}"; do
  name=${r%%|*}
  url=${r#*|}
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$out")
  [ -z "$hello_rps" ] && hello_rps=$rps
  share=$(python3 -c "print('%.1f %%' % (100*float('$rps')/float('$hello_rps')))")
  note=""
  [ -n "$errors" ] && note=" ($errors non-2xx)"
  printf '| %s | %.0f%s | %s | %s | %s |\n' "$name" "$rps" "$note" "$share" "$(ms "$p50")" "$(ms "$p99")"
done

hwm=$(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")
echo
echo "server peak RSS (VmHWM): $hwm; $(nproc) cores; wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
