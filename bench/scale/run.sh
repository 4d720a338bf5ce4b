#!/usr/bin/env bash
# Scale benchmark and fault tests: Leerpunt on SQLite (1 instance) and on PostgreSQL (1 instance,
# and 2 instances behind HAProxy), under wrk with the mix of mix.lua (70 % pages, 20 % API reads,
# 10 % editor writes), each figure as a share of a bare axum hello route measured in the same run.
# Then, on 2 instances: one is killed with SIGKILL during the load (every acknowledged write must
# be present, every queued mail sent exactly once), and PostgreSQL is restarted during a light
# load (requests in the gap get 503 with Retry-After, instances reconnect by themselves).
#
#   bash bench/scale/run.sh                   # DURATION=5 CONNECTIONS=32 by default
#   DURATION=10 CONNECTIONS=64 bash bench/scale/run.sh
#   ROUTES=0 FAULTS=0 bash bench/scale/run.sh  # only the mix rows (a few minutes)
#
# Runs a PostgreSQL server of its own (initdb in a temporary directory, as the postgres user, on
# a free port), so the machine's server is never restarted. Needs root (apt-get for wrk and
# HAProxy when missing; runuser for PostgreSQL). Everything listens on loopback and is stopped at
# the end. Prints Markdown tables.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ROUTES=${ROUTES:-1}
FAULTS=${FAULTS:-1}
BASE_PORT=${BASE_PORT:-18180}
PG_PORT=$((BASE_PORT + 50))
HELLO_PORT=$((BASE_PORT + 99))
FRONT_PORT=$BASE_PORT
A_PORT=$((BASE_PORT + 1))
B_PORT=$((BASE_PORT + 2))
SMTP_PORT=$((BASE_PORT + 25))

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL's server programs (Debian: postgresql) are needed" >&2; exit 1; }
if [ ! -x .venv-ci/bin/python ]; then
  python3 -m venv .venv-ci
  .venv-ci/bin/pip install --quiet --disable-pip-version-check aiosmtpd==1.4.6
fi

echo "building release binaries…" >&2
cargo build --release --locked -q -p leerpunt --bin leerpunt
cargo build --release --locked -q -p leerpunt-web --example hello
bin=$root/target/release/leerpunt
hello=$root/target/release/examples/hello

work=$(mktemp -d)
chmod 755 "$work"
pids=()
pg() { runuser -u postgres -- "$pgbin/$@"; }
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  pg pg_ctl -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A PostgreSQL server of our own.
mkdir -p "$work/pg" && chown postgres "$work/pg"
pg initdb -D "$work/pg" -A trust -U postgres -E UTF8 --locale=C >/dev/null
pg pg_ctl -D "$work/pg" -l "$work/pg/server.log" -w \
  -o "-p $PG_PORT -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
pg_url() { echo "postgres://postgres@127.0.0.1:$PG_PORT/$1"; }
newdb() { runuser -u postgres -- psql -q -h 127.0.0.1 -p "$PG_PORT" -d postgres -c "CREATE DATABASE $1" ; }
psql_in() { runuser -u postgres -- psql -qtA -h 127.0.0.1 -p "$PG_PORT" -d "$1" -c "$2"; }

"$hello" "127.0.0.1:$HELLO_PORT" >/dev/null 2>&1 &
pids+=("$!")

lp() { LEERPUNT_LOG=warn LEERPUNT_PASSWORD_COST=fast "$bin" "$@"; }

# start_instance NAME URL PORT [serve flags…]: a `leerpunt serve` in the background; its pid in
# the file NAME.pid.
start_instance() {
  local name=$1 url=$2 port=$3
  shift 3
  mkdir -p "$work/$name"
  LEERPUNT_LOG=warn LEERPUNT_PASSWORD_COST=fast LEERPUNT_SMTP_PORT=$SMTP_PORT \
    LEERPUNT_MAIL_INTERVAL_MS=200 LEERPUNT_MAIL_LEASE_SECS=5 \
    "$bin" --data-dir "$work/$name" --database-url "$url" serve --bind "127.0.0.1:$port" "$@" \
    >"$work/$name.log" 2>&1 &
  echo $! >"$work/$name.pid"
  pids+=("$!")
}

wait_ready() {
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "instance on port $1 never became ready" >&2
  cat "$work"/*.log >&2
  exit 1
}

start_proxy() {
  LEERPUNT_FRONT="127.0.0.1:$FRONT_PORT" LEERPUNT_BACKEND_A="127.0.0.1:$A_PORT" \
    LEERPUNT_BACKEND_B="127.0.0.1:$B_PORT" haproxy -q -f deploy/haproxy.cfg &
  pids+=("$!")
  echo $! >"$work/haproxy.pid"
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$FRONT_PORT/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "HAProxy did not come up" >&2
  exit 1
}

# measure URL [RATE] → "req/s p50 p99 errors" (errors: socket errors + non-2xx/3xx).
measure() {
  local url=$1 rate=${2:-0} script out
  script=$work/one.lua
  cat >"$script" <<LUA
local rate = $rate
function delay() if rate > 0 then return math.floor(1000 / rate) end return 0 end
LUA
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "$url")
  python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def ms(v):
    n = float(re.match(r"[\d.]+", v).group())
    return n * 1000 if v.endswith("s") and not v.endswith("ms") and not v.endswith("us") else n / 1000 if v.endswith("us") else n
if not re.search(r"Requests/sec:\s+([\d.]+)", out):
    print(out, file=sys.stderr)
    print("0 0 0 1")
    sys.exit(0)
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p50 = ms(re.search(r"50%\s+(\S+)", out).group(1))
p99 = ms(re.search(r"99%\s+(\S+)", out).group(1))
errors = 0
m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
if m: errors += int(m.group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
if m: errors += sum(int(x) for x in m.groups())
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {errors}")
PY
}

# mix BASE RATE TOKEN SLUG ORG [SECONDS] [KIND] [CONNECTIONS] → the wrk output of the mix.
mix() {
  SLUG=$4 ORG=$5 TOKEN=$3 RATE=$2 KIND=${7:-all} wrk -t"$THREADS" -c"${8:-$CONNECTIONS}" \
    -d"${6:-$DURATION}s" --latency -s bench/scale/mix.lua "$1"
}

mix_row() { # label base token slug org hello_rps
  local label=$1 base=$2 token=$3 slug=$4 org=$5 hello_rps=$6 out rps p50 p99 errs acked
  out=$(mix "$base" 0 "$token" "$slug" "$org")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print int($2)}')
  errs=$(echo "$out" | awk '/^MIX status/ && ($3 < 200 || $3 >= 400) {s += $4} END {print s + 0}')
  sock=$(echo "$out" | awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}')
  acked=$(echo "$out" | awk -F'[ =]' '/^MIX acked/ {print $3}')
  p50=$(echo "$out" | awk -F'[ =]' '/^MIX p50/ {print $3}')
  p99=$(echo "$out" | awk -F'[ =]' '/^MIX p50/ {print $5}')
  # The same mix at 80 % of that peak, its reads and its writes driven by two wrk processes at
  # once (90 % and 10 % of the requests) so each has its own latency distribution.
  local rconn wconn rrate wrate rfile wfile rps80 r99 w99
  wconn=$(python3 -c "print(max(1, round($CONNECTIONS * 0.1)))")
  rconn=$((CONNECTIONS - wconn))
  rrate=$(python3 -c "print(max(1, round($rps * 0.8 * 0.9 / $rconn)))")
  wrate=$(python3 -c "print(max(1, round($rps * 0.8 * 0.1 / $wconn)))")
  rfile=$work/mix-reads.out wfile=$work/mix-writes.out
  mix "$base" "$rrate" "$token" "$slug" "$org" "$DURATION" reads "$rconn" >"$rfile" &
  local rpid=$!
  mix "$base" "$wrate" "$token" "$slug" "$org" "$DURATION" writes "$wconn" >"$wfile"
  wait "$rpid"
  rps80=$(cat "$rfile" "$wfile" | awk '/Requests\/sec/ {s += $2} END {print int(s)}')
  r99=$(awk -F'[ =]' '/^MIX p50/ {print $5}' "$rfile")
  w99=$(awk -F'[ =]' '/^MIX p50/ {print $5}' "$wfile")
  errs=$((errs + $(cat "$rfile" "$wfile" | awk '/^MIX status/ && ($3 < 200 || $3 >= 400) {s += $4} END {print s + 0}')))
  printf '| %s | mix (70/20/10) | %s | %s | %s | %s | %s | %s | %s req/s: reads p99 %s ms, writes p99 %s ms |\n' \
    "$label" "$rps" "$(python3 -c "print(f'{100*$rps/$hello_rps:.1f} %')")" "$p50" "$p99" \
    "$((errs + ${sock:-0}))" "$acked" "$rps80" "$r99" "$w99"
}

routes_rows() { # label base slug org hello_rps
  [ "$ROUTES" = 1 ] || return 0
  local label=$1 base=$2 slug=$3 org=$4 hello_rps=$5
  for route in "/|/" "/praktijken/{slug}|/praktijken/$slug" "/organisaties/{code}|/organisaties/$org" \
    "/zoeken?q=parkeren|/zoeken?q=parkeren" "/api/v1/practices/{slug}|/api/v1/practices/$slug" \
    "/api/v1/search?q=afval|/api/v1/search?q=afval"; do
    local name=${route%%|*} path=${route#*|} r rps p50 p99 errs r80 p9980
    r=$(measure "$base$path")
    read -r rps p50 p99 errs <<<"$r"
    r80=$(measure "$base$path" "$(python3 -c "print(max(1, round($rps * 0.8 / $CONNECTIONS)))")")
    p9980=$(echo "$r80" | awk '{print $3}')
    printf '| %s | %s | %s | %s | %s | %s | %s | | %s ms |\n' "$label" "$name" "$rps" \
      "$(python3 -c "print(f'{100*$rps/$hello_rps:.1f} %')")" "$p50" "$p99" "$errs" "$p9980"
  done
}

token_for() { # url → a broker's token with practices:write
  local email="bench$RANDOM$RANDOM@minbzk.nl"
  echo "een lang wachtwoord voor de benchmark" | lp --data-dir "$work/admin" --database-url "$1" \
    admin create-user "$email" --broker --password-stdin >/dev/null
  lp --data-dir "$work/admin" --database-url "$1" admin token create "$email" \
    --scope practices:write --scope practices:review
}

pick() { # base → "slug org"
  curl -fsS "$1/api/v1/practices?per_page=1&source=demo" | python3 -c '
import json, sys
p = json.load(sys.stdin)["items"][0]
print(p["slug"], p["owner"]["code"])'
}

hello_rps=$(measure "http://127.0.0.1:$HELLO_PORT/" | awk '{print $1}')
echo >&2 "bare axum: $hello_rps req/s"

echo
echo "| setup | route | req/s | of bare axum | p50 ms | p99 ms | errors | writes acknowledged | p99 at 80 % of peak |"
echo "|---|---|---|---|---|---|---|---|---|"
echo "| bare axum | hello | $hello_rps | 100 % | | | | | |"

# 1. SQLite, one instance.
sqlite_url="sqlite://$work/sqlite/leerpunt.db"
mkdir -p "$work/sqlite"
start_instance sqlite-a "$sqlite_url" "$A_PORT" --demo
wait_ready "$A_PORT"
token=$(token_for "$sqlite_url")
read -r slug org <<<"$(pick "http://127.0.0.1:$A_PORT")"
routes_rows "SQLite, 1 instance" "http://127.0.0.1:$A_PORT" "$slug" "$org" "$hello_rps"
mix_row "SQLite, 1 instance" "http://127.0.0.1:$A_PORT" "$token" "$slug" "$org" "$hello_rps"
kill -9 "$(cat "$work/sqlite-a.pid")"; sleep 0.5

# 2. PostgreSQL, one instance.
newdb one
start_instance pg1-a "$(pg_url one)" "$A_PORT" --demo
wait_ready "$A_PORT"
token=$(token_for "$(pg_url one)")
read -r slug org <<<"$(pick "http://127.0.0.1:$A_PORT")"
routes_rows "PostgreSQL, 1 instance" "http://127.0.0.1:$A_PORT" "$slug" "$org" "$hello_rps"
mix_row "PostgreSQL, 1 instance" "http://127.0.0.1:$A_PORT" "$token" "$slug" "$org" "$hello_rps"
kill -9 "$(cat "$work/pg1-a.pid")"; sleep 0.5

# 3. PostgreSQL, two instances behind HAProxy.
newdb two
start_instance pg2-a "$(pg_url two)" "$A_PORT" --demo
wait_ready "$A_PORT"
start_instance pg2-b "$(pg_url two)" "$B_PORT"
wait_ready "$B_PORT"
start_proxy
front="http://127.0.0.1:$FRONT_PORT"
token=$(token_for "$(pg_url two)")
read -r slug org <<<"$(pick "$front")"
routes_rows "PostgreSQL, 2 instances + HAProxy" "$front" "$slug" "$org" "$hello_rps"
mix_row "PostgreSQL, 2 instances + HAProxy" "$front" "$token" "$slug" "$org" "$hello_rps"

[ "$FAULTS" = 1 ] || exit 0

# 4. Fault: SIGKILL one instance during the load; queued mail goes out exactly once.
"$root/.venv-ci/bin/python" bench/scale/smtp_sink.py "$SMTP_PORT" "$work/received.txt" &
pids+=("$!")
sleep 1
MAILS=400
psql_in two "INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at)
  SELECT 'persoon' || n || '@utrecht.nl', 'Bericht ' || n, 'Hallo', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
  FROM generate_series(1, $MAILS) AS n"
before=$(psql_in two "SELECT COUNT(*) FROM practices WHERE title LIKE 'Belasting %'")
( sleep "$(( DURATION * 2 / 5 + 1 ))"; kill -9 "$(cat "$work/pg2-a.pid")" ) &
out=$(mix "$front" 0 "$token" "$slug" "$org" "$(( DURATION * 2 ))")
acked=$(echo "$out" | awk -F'[ =]' '/^MIX acked/ {print $3}')
errs=$(echo "$out" | awk '/^MIX status/ && ($3 < 200 || $3 >= 400) {s += $4} END {print s + 0}')
sock=$(echo "$out" | awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}')
present=$(psql_in two "SELECT COUNT(*) FROM practices WHERE title LIKE 'Belasting %'")
present=$((present - before))
# Wait for the outbox to drain (the dead instance's claims expire after the 5 s lease).
for _ in $(seq 1 300); do
  [ "$(psql_in two "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")" = 0 ] && break
  sleep 0.2
done
received=$(wc -l <"$work/received.txt" | tr -d ' ')
distinct=$(sort -u "$work/received.txt" | grep -c '^Bericht ' || true)
twice=$((received - $(sort -u "$work/received.txt" | wc -l | tr -d ' ')))
echo
echo "| fault | result |"
echo "|---|---|"
echo "| SIGKILL one of 2 instances during the mix | $acked writes acknowledged, $present present afterwards; $((errs + ${sock:-0})) requests failed (status ≥ 400 or socket) |"
echo "| mail during the kill | $MAILS queued, $distinct distinct delivered, $twice delivered twice, $((MAILS - distinct)) lost |"

# 5. Fault: restart PostgreSQL during a light load on the surviving instance.
start_instance pg2-a2 "$(pg_url two)" "$A_PORT"
wait_ready "$A_PORT"
python3 - "$front" "$work/restart.txt" "$token" <<'PY' &
import sys, time, urllib.request, urllib.error
base, path, token = sys.argv[1], sys.argv[2], sys.argv[3]
end = time.time() + 12
with open(path, "w") as f:
    while time.time() < end:
        t = time.time()
        try:
            # With a token: the response cache keeps answers for visitors only, so each request
            # reaches the database.
            req = urllib.request.Request(base + "/api/v1/practices?per_page=5",
                                         headers={"Authorization": "Bearer " + token})
            with urllib.request.urlopen(req, timeout=10) as r:
                status, retry = r.status, ""
        except urllib.error.HTTPError as e:
            status, retry = e.code, e.headers.get("Retry-After", "")
        except Exception as e:
            status, retry = 0, ""
        f.write(f"{status} {time.time() - t:.3f} {retry}\n")
        time.sleep(0.05)
PY
light=$!
sleep 3
restart_started=$(date +%s.%N)
pg pg_ctl -D "$work/pg" -m fast -w restart -o "-p $PG_PORT -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null
restart_took=$(python3 -c "import time; print(f'{time.time() - $restart_started:.1f}')")
wait "$light"
python3 - "$work/restart.txt" "$restart_took" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
ok = sum(1 for r in rows if r[0] == "200")
unavailable = [r for r in rows if r[0] == "503"]
with_retry = sum(1 for r in unavailable if len(r) > 2 and r[2])
other = [r[0] for r in rows if r[0] not in ("200", "503")]
slowest = max(float(r[1]) for r in rows)
last_bad = max((i for i, r in enumerate(rows) if r[0] != "200"), default=-1)
recovered = all(r[0] == "200" for r in rows[last_bad + 1:]) and last_bad < len(rows) - 1
print(f"| restart PostgreSQL (took {sys.argv[2]} s) under light load | {len(rows)} requests: {ok} × 200, "
      f"{len(unavailable)} × 503 ({with_retry} with Retry-After), other {other or 'none'}; slowest answer "
      f"{slowest:.2f} s; {'answering 200 again without a restart' if recovered else 'NOT recovered'} |")
PY
