#!/usr/bin/env bash
# The deployment shape of docs/deployment.md on one machine, without containers: PostgreSQL, Redis, three instances
# of the app and nginx in front, all on loopback ports. Prints the address, and stops everything it started on
# Ctrl-C or at exit. Needs Debian's postgresql, redis-server and nginx (apt-get install postgresql redis-server
# nginx-light). The instances run in Development, so the README's development accounts sign in.
#
#   deploy/run-local.sh            # nginx on http://127.0.0.1:8088
#   PORT=9000 deploy/run-local.sh
#   NO_BUILD=1 deploy/run-local.sh # use the app as last built (the test command builds it)
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PORT:-8088}
work=$(mktemp -d "${TMPDIR:-/tmp}/adminconsole-local-XXXXXX")
pids=()

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_all() {
    trap - EXIT INT TERM
    echo "stopping..."
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    [ -d "$work/pg" ] && as_postgres "$pg_bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap stop_all EXIT INT TERM

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
for tool in "$pg_bin/initdb" /usr/bin/redis-server /usr/sbin/nginx; do
    [ -x "$tool" ] || { echo "missing $tool: apt-get install postgresql redis-server nginx-light"; exit 1; }
done

if [ -z "${NO_BUILD:-}" ]; then
    echo "building the app..."
    dotnet build AdminConsole --nologo -v quiet >/dev/null
fi
app=AdminConsole/bin/Debug/net10.0/AdminConsole.dll

pg_port=$(free_port)
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
as_postgres "$pg_bin/initdb" -D "$work/pg" -U postgres --auth=trust >/dev/null
as_postgres "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$work" start >/dev/null
echo "PostgreSQL on 127.0.0.1:$pg_port"

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
echo "Redis on 127.0.0.1:$redis_port"

upstreams=""
for n in 1 2 3; do
    app_port=$(free_port)
    ASPNETCORE_ENVIRONMENT=Development \
    Database__Provider=PostgreSql \
    ConnectionStrings__AdminConsole="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=adminconsole" \
    ConnectionStrings__Redis="127.0.0.1:$redis_port" \
    Network__TrustedProxies__0=127.0.0.1 \
    App__PublicBaseUrl="http://127.0.0.1:$port/" \
        dotnet "$app" --urls "http://127.0.0.1:$app_port" >"$work/app$n.log" 2>&1 &
    pids+=($!)
    upstreams+="        server 127.0.0.1:$app_port;"$'\n'
    echo "instance $n on 127.0.0.1:$app_port (log: $work/app$n.log)"
done

# Cookie affinity, as deploy/nginx.conf: a console circuit's negotiate and WebSocket reach the same instance.
cat >"$work/nginx.conf" <<EOF
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events {}
http {
    access_log $work/nginx-access.log;
    log_format upstream '\$upstream_addr';
    access_log $work/nginx-upstreams.log upstream;
    client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
    map \$cookie_acroute \$route { "" \$request_id; default \$cookie_acroute; }
    map \$cookie_acroute \$route_cookie { "" "acroute=\$request_id; Path=/; HttpOnly; SameSite=Lax"; default ""; }
    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    upstream adminconsole {
        hash \$route consistent;
$upstreams    }
    server {
        listen 127.0.0.1:$port;
        add_header Set-Cookie \$route_cookie always;
        location / {
            proxy_pass http://adminconsole;
            proxy_http_version 1.1;
            proxy_set_header Host \$host:\$server_port;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
        }
    }
}
EOF

echo "waiting for the instances..."
for _ in $(seq 1 120); do
    ready=0
    for log in "$work"/app*.log; do grep -q "Now listening on" "$log" && ready=$((ready + 1)); done
    [ "$ready" -eq 3 ] && break
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "a process stopped; logs in $work:"; tail -n 40 "$work"/app*.log; exit 1; }; done
    sleep 1
done
[ "$ready" -eq 3 ] || { echo "the instances did not start within 120 s"; tail -n 40 "$work"/app*.log; exit 1; }

/usr/sbin/nginx -c "$work/nginx.conf" -p "$work" -g "daemon on;"
echo
echo "AdminConsole is ready at http://127.0.0.1:$port/ (three instances behind nginx). Ctrl-C stops everything."
while :; do
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "process $pid stopped"; exit 1; }; done
    sleep 2
done
