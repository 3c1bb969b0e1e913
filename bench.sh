#!/usr/bin/env bash
# ./bench.sh [--full] [--micro] [--rehearsal] [--postgresql] [--skip-data] [--attempts-db FILE] [--skip-http] [--skip-startup] [--skip-circuits] [--pages NAME,...] [--gcdump DIR]
#   Builds in Release, starts the app on a loopback port with a fresh SQLite database, drives it with wrk and an
#   HTTP client, times the console's queries on seeded databases, prints one table, and stops what it started.
#   --full also seeds and times 10,000,000 attempts (several more minutes); --micro runs the BenchmarkDotNet
#   micro benchmarks (lockout decision, address lookup against 10,000 rules) instead.
#   --pages dashboard,accounts,... measures P5 for those console pages only (each name as in CircuitFigures.Pages).
#   --gcdump DIR writes a heap dump of the app with 51 of each page open (dotnet-gcdump must be installed).
#   --rehearsal seeds 1,000,000 attempts and prints only the policy rehearsal's time (P9).
#   --postgresql runs every figure that touches the database on PostgreSQL instead of SQLite: a throwaway cluster
#   (Debian's postgresql, initdb into a temporary folder, a free loopback port), stopped and removed at the end.
#   For example: ./bench.sh --postgresql --skip-startup --skip-circuits   (P1-P4, P7 and P9 on PostgreSQL)
#   Not part of ./test.sh: timing never belongs in a test.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
[ -x /usr/bin/chromium ] || missing+=(chromium) # P5 opens console circuits in Debian's Chromium
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
fi

dotnet build AdminConsole/AdminConsole.csproj -c Release -nologo -v q -clp:ErrorsOnly
dotnet build bench/AdminConsole.Bench/AdminConsole.Bench.csproj -c Release -nologo -v q -clp:ErrorsOnly

if [[ " $* " != *" --postgresql "* ]]; then
    exec dotnet bench/AdminConsole.Bench/bin/Release/net10.0/AdminConsole.Bench.dll "$@"
fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ ! -x "$pg_bin/initdb" ]; then
    echo "installing postgresql"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq postgresql >/dev/null; else sudo apt-get install -y -qq postgresql >/dev/null; fi
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
work=$(mktemp -d "${TMPDIR:-/tmp}/adminconsole-bench-pg-XXXXXX")
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
stop_cluster() {
    as_postgres "$pg_bin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap stop_cluster EXIT INT TERM
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_postgres "$pg_bin/initdb" -D "$work/data" -U postgres --auth=trust >/dev/null
as_postgres "$pg_bin/pg_ctl" -D "$work/data" -l "$work/log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$work -c max_connections=200" start >/dev/null
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (default settings, max_connections 200)"
ADMINCONSOLE_BENCH_POSTGRESQL="Host=127.0.0.1;Port=$port;Username=postgres" \
    dotnet bench/AdminConsole.Bench/bin/Release/net10.0/AdminConsole.Bench.dll "$@"
