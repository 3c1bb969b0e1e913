#!/usr/bin/env bash
# Every test, from a fresh machine: installs what is missing, builds the solution once, runs the unit,
# integration and component tests, then the browser (e2e) tests, and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

say() { printf '\n== %s\n' "$*"; }

apt_install() {
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    elif command -v sudo >/dev/null 2>&1; then
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    fi
}

# Debian's Chromium drives the e2e tests (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1; then
    say "installing chromium"
    apt_install chromium
    command -v chromium >/dev/null 2>&1 || { echo "chromium is missing and could not be installed (apt-get install chromium)"; echo "0 passed, 1 failed"; exit 1; }
fi
# Debian's aiosmtpd is the real SMTP server the mail tests start on a loopback port.
if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
    say "installing python3-aiosmtpd"
    apt_install python3-aiosmtpd
    /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || { echo "python3-aiosmtpd is missing and could not be installed (apt-get install python3-aiosmtpd)"; echo "0 passed, 1 failed"; exit 1; }
fi
# Debian's redis-server backs the multi-instance tests (each test starts its own on a free loopback port).
if ! command -v redis-server >/dev/null 2>&1; then
    say "installing redis-server"
    apt_install redis-server
    command -v redis-server >/dev/null 2>&1 || { echo "redis-server is missing and could not be installed (apt-get install redis-server)"; echo "0 passed, 1 failed"; exit 1; }
fi
# Debian's PostgreSQL server binaries: the database suites run a second time on a throwaway cluster that the tests
# start themselves (initdb into a temporary folder, a free loopback port, removed at the end).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    say "installing postgresql"
    apt_install postgresql
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "postgresql is missing and could not be installed (apt-get install postgresql)"; echo "0 passed, 1 failed"; exit 1; }
fi
# Debian's nginx fronts the three instances of deploy/run-local.sh, which DeploymentShapeTests drives.
if [ ! -x /usr/sbin/nginx ]; then
    say "installing nginx-light"
    apt_install nginx-light
    [ -x /usr/sbin/nginx ] || { echo "nginx is missing and could not be installed (apt-get install nginx-light)"; echo "0 passed, 1 failed"; exit 1; }
fi
command -v dotnet >/dev/null 2>&1 || { echo "the .NET 10 SDK is missing"; echo "0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# Clusters a crashed test run left behind (each test process stops and removes its own on exit).
remove_stray_clusters() {
    for folder in "${TMPDIR:-/tmp}"/adminconsole-pg-*; do
        [ -d "$folder" ] || continue
        if [ -f "$folder/data/postmaster.pid" ]; then
            kill -9 "$(head -1 "$folder/data/postmaster.pid")" 2>/dev/null
        fi
        rm -rf "$folder"
    done
}

results="$PWD/TestResults"
rm -rf "$results"

say "build"
if ! dotnet build AdminConsole.sln --nologo -v quiet; then
    echo "0 passed, 1 failed"
    exit 1
fi

status=0
# The database suites run a second time on PostgreSQL side by side with the whole suite on SQLite: each waits on its
# database and sockets much of the time, and every server they start is on its own free port and folder.
say "unit, integration and component tests (SQLite), and the database suites on PostgreSQL beside them"
postgresql_log=$(mktemp)
ADMINCONSOLE_TEST_DATABASE=PostgreSql dotnet test AdminConsole.Tests --no-build --nologo --filter "Database=SqliteAndPostgreSql" \
    --logger "trx;LogFileName=core-postgresql.trx" --results-directory "$results" >"$postgresql_log" 2>&1 &
postgresql=$!
dotnet test AdminConsole.Tests --no-build --nologo --logger "trx;LogFileName=core.trx" --results-directory "$results" || status=1
wait "$postgresql" || status=1
say "database suites on PostgreSQL (their output)"
cat "$postgresql_log"
rm -f "$postgresql_log"
remove_stray_clusters
say "end-to-end tests (Chromium)"
dotnet test e2e --no-build --nologo --logger "trx;LogFileName=e2e.trx" --results-directory "$results" || status=1

passed=0
failed=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
done

if [ "$passed" -eq 0 ] || [ "$failed" -gt 0 ]; then
    status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1 # a run that crashed before reporting is a failure, not a pass
fi

echo
echo "$passed passed, $failed failed"
exit "$status"
