#!/usr/bin/env bash
# Stop the stripe-mock started by scripts/start-stripe-mock.sh (the built binary stays in .cache/bin).
# Idempotent: nothing running, nothing to do. A stripe-mock we did not start is left alone.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PIDFILE="$ROOT/.cache/stripe-mock/stripe-mock.pid"

[ -f "$PIDFILE" ] || exit 0
pid="$(cat "$PIDFILE" 2>/dev/null || true)"
if [ -z "$pid" ] || [ ! -r "/proc/$pid/cmdline" ] || ! grep -qa 'stripe-mock' "/proc/$pid/cmdline"; then
    rm -f "$PIDFILE"
    exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 20); do
    if ! kill -0 "$pid" 2>/dev/null; then
        rm -f "$PIDFILE"
        echo "stop-stripe-mock: stopped"
        exit 0
    fi
    sleep 0.5
done
echo "stop-stripe-mock: pid $pid still running after 10 s; killing it" >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$PIDFILE"
echo "stop-stripe-mock: killed"
