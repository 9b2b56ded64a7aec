#!/usr/bin/env bash
# County scale (issue 11): the whole measurement on this machine.
#
#   ops/county/run.sh                 # the county: 120 campuses, 37,051 students
#   CAMPUSES=20 ops/county/run.sh     # the first 20 campuses only (a quicker run)
#
# Builds, generates the county into a temporary folder, starts a throwaway PostgreSQL, creates an
# admin with the host's create-admin command, then replays one school day of device traffic
#   (a) through ONE host node with every campus (the baseline), then
#   (b) through THREE host nodes forming one Akka cluster, on a fresh database,
# and prints both runs' figures side by side with their ratio. Everything it starts (hosts,
# PostgreSQL) is stopped on exit, and the temporary folders are removed (KEEP=1 keeps them).
#
# Settings (environment): CAMPUSES (120), DAY (2026-11-26, a Thursday), CLIENTS (16 concurrent
# senders), CAMPUS_ADMIN_PASSWORD (default: a random one), ADMIN_PER_NODE=1 (create the admin in
# every node's data folder, for hosts that do not yet share accounts through PostgreSQL).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
campuses=${CAMPUSES:-120}
day=${DAY:-2026-11-26}
clients=${CLIENTS:-16}
# The generated campuses are all in Asia/Shanghai: the hosts' clocks start at 05:00 campus time.
start="${day}T05:00:00+08:00"
admin=county-admin
# Passed to create-admin and the replay through the environment, never on a command line (ps shows those).
export CAMPUS_ADMIN_PASSWORD=${CAMPUS_ADMIN_PASSWORD:-County-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}

work=$(mktemp -d -t campus-county-XXXXXX)
pgroot=$(mktemp -d -t campus-county-pg-XXXXXX)
host_pids=()
pgbin=""
as_postgres=()

cleanup() {
  for pid in "${host_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${host_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$pgbin" && -f "$pgroot/data/postmaster.pid" ]]; then
    "${as_postgres[@]}" "$pgbin/pg_ctl" stop -w -m immediate -D "$pgroot/data" >/dev/null 2>&1 || true
  fi
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept: $work $pgroot"; else rm -rf "$work" "$pgroot"; fi
}
trap cleanup EXIT

county() { dotnet "$root/ops/county/bin/Release/net10.0/Campus.County.dll" "$@"; }
host_dll="$root/src/Campus.Host/bin/Release/net10.0/Campus.Host.dll"

echo "== build (the county tool and the host)"
dotnet build -c Release "$root/ops/county/Campus.County.csproj" -nologo -v quiet

echo "== generate the county"
county generate --out "$work/county"
mapfile -t manifest_files < <(find "$work/county" -name campus.json | sort | head -n "$campuses")
manifest_args=()
for i in "${!manifest_files[@]}"; do manifest_args+=("--Campus:Manifests:$i=${manifest_files[$i]}"); done

echo "== start a throwaway PostgreSQL"
# As in tests/Campus.TestKit/PostgresServer.cs: initdb and postgres refuse to run as root, so as
# root they run as the postgres user, who owns the server's folder.
# PATH may hold links to a few of the tools only: follow initdb's link to the folder holding them all.
for dir in $(command -v initdb >/dev/null && dirname "$(readlink -f "$(command -v initdb)")") $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/createdb" ]]; then pgbin=$dir; break; fi
done
[[ -n "$pgbin" ]] || { echo "PostgreSQL (initdb, pg_ctl, createdb) not found in PATH or /usr/lib/postgresql/*/bin" >&2; exit 1; }
mkdir -p "$pgroot/sock"
if [[ $(id -u) == 0 ]]; then
  chown -R postgres: "$pgroot"
  as_postgres=(runuser -u postgres --)
fi
read -r pgport http1 http2 http3 akka1 akka2 akka3 < <(county free-ports 7)
"${as_postgres[@]}" "$pgbin/initdb" -D "$pgroot/data" -A trust -U postgres --no-sync --encoding=UTF8 --locale=C >/dev/null
"${as_postgres[@]}" "$pgbin/pg_ctl" start -w -t 60 -D "$pgroot/data" -l "$pgroot/postgres.log" \
  -o "-p $pgport -k $pgroot/sock -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" >/dev/null
connection() { echo "Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$1"; }

# start_host <name> <http port> <database> [settings...]: a host node in its own folder, in the background.
start_host() {
  local name=$1 port=$2 database=$3; shift 3
  mkdir -p "$work/$name/data"
  (cd "$work/$name" && ASPNETCORE_ENVIRONMENT=Production exec dotnet "$host_dll" --urls "http://127.0.0.1:$port" \
     --Campus:Store=postgres "--Campus:ConnectionString=$(connection "$database")" --Campus:DataFolder="$work/$name/data" \
     --Campus:Clock=simulated "--Campus:SimulatedStart=$start" \
     --Serilog:MinimumLevel:Override:Campus.Host.Requests=Warning \
     "${manifest_args[@]}" "$@" >>"$work/$name/host.log" 2>&1) &
  host_pids+=($!)
  echo $! >"$work/$name/pid"
}

# wait_ready <name> <http port>: until /readyz answers 200 (the node is up in its cluster and its store answers);
# fails when the node exits first.
wait_ready() {
  local name=$1 port=$2 pid; pid=$(cat "$work/$name/pid")
  for _ in $(seq 1 900); do
    if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "$name exited during start-up:" >&2; grep -E "ERR|FTL|Exception" "$work/$name/host.log" | tail -n 5 >&2; return 1; fi
    sleep 1
  done
  echo "$name not ready after 15 minutes" >&2; return 1
}

# launch <name> <http port> <database> [settings...]: starts a node and waits until it is ready. A node
# whose store does not answer in time at start-up stops (on a loaded machine a shard may not load its
# entities within 5 s); like a service manager, this starts it again, twice at most.
launch() {
  for attempt in 1 2 3; do
    start_host "$@"
    if wait_ready "$1" "$2"; then return 0; fi
    [[ $attempt == 3 ]] || echo "starting $1 again" >&2
  done
  return 1
}

stop_hosts() {
  for pid in "${host_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${host_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  host_pids=()
}

create_admin() { # <node name> <database>
  dotnet "$host_dll" create-admin "$admin" --Campus:Store=postgres "--Campus:ConnectionString=$(connection "$2")" \
    --Campus:DataFolder="$work/$1/data" >/dev/null
}

replay() { # <label> <figures file> <pids> <node urls...>
  local label=$1 figures=$2 pids=$3; shift 3
  local nodes; nodes=$(IFS=,; echo "$*")
  county replay --nodes "$nodes" --manifests "$work/county" --campuses "$campuses" --day "$day" --admin "$admin" \
    --clients "$clients" --pids "$pids" --label "$label" --figures "$figures"
}

status=0
echo "== (a) one node, ${#manifest_files[@]} campuses"
"${as_postgres[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$pgport" -U postgres county_one
mkdir -p "$work/one/data" && create_admin one county_one
launch one "$http1" county_one
replay "1 node" "$work/one.json" "$(cat "$work/one/pid")" "http://127.0.0.1:$http1" || status=$?
stop_hosts

echo "== (b) three nodes in one cluster, ${#manifest_files[@]} campuses"
"${as_postgres[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$pgport" -U postgres county_three
seed="akka.tcp://campus@127.0.0.1:$akka1"
for n in 1 2 3; do
  mkdir -p "$work/node$n/data"
  if [[ $n == 1 || "${ADMIN_PER_NODE:-0}" == 1 ]]; then create_admin "node$n" county_three; fi
done
launch node1 "$http1" county_three --Campus:Cluster:Port="$akka1" "--Campus:Cluster:SeedNodes:0=$seed"
launch node2 "$http2" county_three --Campus:Cluster:Port="$akka2" "--Campus:Cluster:SeedNodes:0=$seed"
launch node3 "$http3" county_three --Campus:Cluster:Port="$akka3" "--Campus:Cluster:SeedNodes:0=$seed"
replay "3 nodes" "$work/three.json" "$(cat "$work/node1/pid"),$(cat "$work/node2/pid"),$(cat "$work/node3/pid")" \
  "http://127.0.0.1:$http1" "http://127.0.0.1:$http2" "http://127.0.0.1:$http3" || status=$?
stop_hosts

echo "== figures"
if [[ -f "$work/one.json" && -f "$work/three.json" ]]; then
  county table "$work/one.json" "$work/three.json"
else
  echo "(no table: a replay did not finish; see above)"
fi
exit "$status"
