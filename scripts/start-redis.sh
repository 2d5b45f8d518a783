#!/usr/bin/env bash
# Start a throwaway Redis for tests: Debian's redis-server on 127.0.0.1:${REDIS_PORT:-6380}, no
# persistence (nothing written to disk), daemonized with pidfile and log in .cache/redis.
# Idempotent: a running server of ours, or any Redis already answering on the port, is reused.
# Needs Debian's `redis-server` package (it brings redis-cli).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/pidfile.sh
. "$ROOT/scripts/pidfile.sh"
REDIS_PORT="${REDIS_PORT:-6380}"
RUN_DIR="$ROOT/.cache/redis"
PIDFILE="$RUN_DIR/redis.pid"
LOG="$RUN_DIR/redis.log"
URL="redis://127.0.0.1:$REDIS_PORT/0"

say() { echo "start-redis: $*"; }
die() { echo "start-redis: $*" >&2; exit 1; }

answers() {
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
}

command -v redis-server >/dev/null && command -v redis-cli >/dev/null \
    || die "Redis is not installed (apt-get install redis-server)"

running_pid() {
    pidfile_running "$PIDFILE" redis-server
}

if pid="$(running_pid)" && answers; then
    say "already running (pid $pid)"
    say "ready at $URL"
    exit 0
fi
if answers; then
    # Another checkout's server holds the port: use it rather than fail to bind.
    say "a Redis already answers on 127.0.0.1:$REDIS_PORT; using it"
    say "ready at $URL"
    exit 0
fi

mkdir -p "$RUN_DIR"
rm -f "$PIDFILE"
# No RDB snapshots and no append-only file: a cache for tests, emptied by every restart.
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
    --save '' --appendonly no --dir "$RUN_DIR" \
    --daemonize yes --pidfile "$PIDFILE" --logfile "$LOG" </dev/null

for _ in $(seq 1 40); do
    if answers; then
        say "started (pid $(cat "$PIDFILE" 2>/dev/null || echo '?'), $(redis-server --version | cut -d' ' -f3), log $LOG)"
        say "ready at $URL"
        exit 0
    fi
    sleep 0.25
done
tail -n 20 "$LOG" >&2 || true
die "127.0.0.1:$REDIS_PORT did not answer PING within 10 s; log in $LOG"
