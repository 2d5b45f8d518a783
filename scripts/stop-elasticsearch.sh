#!/usr/bin/env bash
# Stop the test Elasticsearch started by scripts/start-elasticsearch.sh (its data and the unpacked
# server stay in place). Idempotent: nothing running, nothing to do.
set -euo pipefail

# shellcheck source=scripts/elasticsearch-env.sh
. "$(dirname "$0")/elasticsearch-env.sh"
es_paths

if ! pid="$(es_running_pid)"; then
    rm -f "$ES_PIDFILE"
    exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 60); do
    if ! kill -0 "$pid" 2>/dev/null; then
        rm -f "$ES_PIDFILE"
        echo "stop-elasticsearch: stopped"
        exit 0
    fi
    sleep 0.5
done
echo "stop-elasticsearch: pid $pid still running after 30 s; killing it" >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$ES_PIDFILE"
echo "stop-elasticsearch: killed"
