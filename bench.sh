#!/usr/bin/env bash
# ./bench.sh [--full] [--micro] [--rehearsal] [--skip-data] [--attempts-db FILE] [--skip-http] [--skip-startup] [--skip-circuits]
#   Builds in Release, starts the app on a loopback port with a fresh SQLite database, drives it with wrk and an
#   HTTP client, times the console's queries on seeded databases, prints one table, and stops what it started.
#   --full also seeds and times 10,000,000 attempts (several more minutes); --micro runs the BenchmarkDotNet
#   micro benchmarks (lockout decision, address lookup against 10,000 rules) instead.
#   --rehearsal seeds 1,000,000 attempts and prints only the policy rehearsal's time (P9).
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
exec dotnet bench/AdminConsole.Bench/bin/Release/net10.0/AdminConsole.Bench.dll "$@"
