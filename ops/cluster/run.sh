#!/usr/bin/env bash
# A three-node CampusOps cluster on this machine, for trying failover and rolling restarts:
#
#   ops/cluster/run.sh            # builds, starts a throwaway PostgreSQL and three host nodes; Ctrl-C stops all
#   NODES=5 ops/cluster/run.sh    # five nodes
#
# Every node loads the demo campus (real clock, no generated traffic) and shares one demo file
# (device keys and demo accounts: they live in PostgreSQL, so any node accepts them). The script
# prints each node's console URL and Akka address. Try a drill from another terminal:
#
#   kill -9 <pid of the node hosting hj>     # GET /api/v1/cluster on a survivor shows where hj went
#   kill <pid>                               # a graceful leave (SIGTERM), as a rolling restart does
#
# Everything it starts is stopped on exit and its temporary folder removed (KEEP=1 keeps it).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
nodes=${NODES:-3}
work=$(mktemp -d -t campus-cluster-XXXXXX)
pg=$(mktemp -d -t campus-cluster-pg-XXXXXX) # its own folder: as root, the postgres user must own it
host_pids=()
pgbin=""
as_postgres=()

cleanup() {
  for pid in "${host_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${host_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$pgbin" && -f "$pg/data/postmaster.pid" ]]; then
    "${as_postgres[@]}" "$pgbin/pg_ctl" stop -w -m fast -D "$pg/data" >/dev/null 2>&1 || true
  fi
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept: $work $pg"; else rm -rf "$work" "$pg"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM # Ctrl-C or a SIGTERM: exit, which runs cleanup

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "== build the host"
dotnet build -c Release "$root/src/Campus.Host/Campus.Host.csproj" -nologo -v quiet
host_dll="$root/src/Campus.Host/bin/Release/net10.0/Campus.Host.dll"

echo "== start a throwaway PostgreSQL"
# initdb and postgres refuse to run as root: as root they run as the postgres user, who owns the folder.
for dir in $(command -v initdb >/dev/null && dirname "$(readlink -f "$(command -v initdb)")") $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/createdb" ]]; then pgbin=$dir; break; fi
done
[[ -n "$pgbin" ]] || { echo "PostgreSQL (initdb, pg_ctl, createdb) not found in PATH or /usr/lib/postgresql/*/bin" >&2; exit 1; }
mkdir -p "$pg/sock"
if [[ $(id -u) == 0 ]]; then chown -R postgres: "$pg"; as_postgres=(runuser -u postgres --); fi
pgport=$(free_port)
"${as_postgres[@]}" "$pgbin/initdb" -D "$pg/data" -A trust -U postgres --no-sync --encoding=UTF8 --locale=C >/dev/null
"${as_postgres[@]}" "$pgbin/pg_ctl" start -w -t 60 -D "$pg/data" -l "$pg/postgres.log" \
  -o "-p $pgport -k $pg/sock -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null
"${as_postgres[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$pgport" -U postgres campus
connection="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=campus"

http_ports=(); akka_ports=()
for ((n = 0; n < nodes; n++)); do http_ports+=("$(free_port)"); akka_ports+=("$(free_port)"); done
seeds=()
for ((n = 0; n < nodes && n < 3; n++)); do seeds+=("--Campus:Cluster:SeedNodes:$n=akka.tcp://campus@127.0.0.1:${akka_ports[$n]}"); done

start_node() { # <index>
  local n=$1
  mkdir -p "$work/node$n/data"
  (cd "$work/node$n" && ASPNETCORE_ENVIRONMENT=Production exec dotnet "$host_dll" --urls "http://127.0.0.1:${http_ports[$n]}" \
     --Campus:Store=postgres "--Campus:ConnectionString=$connection" --Campus:DataFolder="$work/node$n/data" \
     --Campus:Demo=true --Campus:Clock=real --Campus:Traffic=false --Campus:DemoFile="$work/demo.json" \
     --Campus:Cluster:Port="${akka_ports[$n]}" "${seeds[@]}" >>"$work/node$n/host.log" 2>&1) &
  host_pids+=($!)
  echo $! >"$work/node$n/pid"
}

wait_ready() { # <index>
  local n=$1 pid; pid=$(cat "$work/node$n/pid")
  for _ in $(seq 1 180); do
    if curl -sf "http://127.0.0.1:${http_ports[$n]}/readyz" >/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "node$n exited during start-up:" >&2; tail -n 20 "$work/node$n/host.log" >&2; return 1; fi
    sleep 1
  done
  echo "node$n not ready after 3 minutes" >&2; return 1
}

echo "== start $nodes nodes"
# The first node issues the demo's keys and accounts; the others find them in PostgreSQL.
start_node 0 && wait_ready 0
for ((n = 1; n < nodes; n++)); do start_node "$n"; done
for ((n = 1; n < nodes; n++)); do wait_ready "$n"; done

echo
for ((n = 0; n < nodes; n++)); do
  echo "node$n  pid $(cat "$work/node$n/pid")  console http://127.0.0.1:${http_ports[$n]}/  akka.tcp://campus@127.0.0.1:${akka_ports[$n]}  log $work/node$n/host.log"
done
echo "demo accounts and device keys: $work/demo.json"
echo "members and campuses: sign in as admin, then GET /api/v1/cluster on any node"
echo "Ctrl-C stops everything."
wait
