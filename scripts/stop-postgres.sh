#!/usr/bin/env bash
# Stop the test PostgreSQL started by scripts/start-postgres.sh (its data stays in .cache/postgres).
set -euo pipefail

# shellcheck source=scripts/postgres-env.sh
. "$(dirname "$0")/postgres-env.sh"

if [ -z "$BIN" ] || [ ! -f "$PGDATA/PG_VERSION" ]; then
    exit 0
fi

pg_ctl() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- "$BIN/pg_ctl" -D "$PGDATA" "$@")
    else
        "$BIN/pg_ctl" -D "$PGDATA" "$@"
    fi
}

if pg_ctl status >/dev/null 2>&1; then
    pg_ctl -m fast -w stop >/dev/null
    echo "stop-postgres: stopped"
fi
