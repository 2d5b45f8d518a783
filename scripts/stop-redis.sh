#!/usr/bin/env bash
# Stop the Redis started by scripts/start-redis.sh (it keeps no data: nothing is left behind but
# its log). Idempotent: nothing running, nothing to do. A Redis we did not start is left alone.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PIDFILE="$ROOT/.cache/redis/redis.pid"

[ -f "$PIDFILE" ] || exit 0
pid="$(cat "$PIDFILE" 2>/dev/null || true)"
if [ -z "$pid" ] || [ ! -r "/proc/$pid/cmdline" ] || ! grep -qa 'redis-server' "/proc/$pid/cmdline"; then
    rm -f "$PIDFILE"
    exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 20); do
    if ! kill -0 "$pid" 2>/dev/null; then
        rm -f "$PIDFILE"
        echo "stop-redis: stopped"
        exit 0
    fi
    sleep 0.5
done
echo "stop-redis: pid $pid still running after 10 s; killing it" >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$PIDFILE"
echo "stop-redis: killed"
