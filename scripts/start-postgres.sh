#!/usr/bin/env bash
# Start a throwaway PostgreSQL for tests: data under .cache/postgres, 127.0.0.1:${PGPORT:-5433},
# trust auth, database "ocop". initdb and pg_ctl refuse root, so they run as the postgres user.
# Idempotent: an already running server is left as it is. Needs Debian's `postgresql` package.
# POSTGRES_NO_FSYNC=1 (CI) starts it without fsync: faster commits, nothing survives a crash.
set -euo pipefail

# shellcheck source=scripts/postgres-env.sh
. "$(dirname "$0")/postgres-env.sh"
LOG="$CACHE/postgres.log"

if [ -z "$BIN" ] || [ ! -x "$BIN/pg_ctl" ]; then
    echo "start-postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
fi

as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        # From /: the postgres user may not be allowed into the current directory.
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

mkdir -p "$CACHE"
if [ ! -f "$PGDATA/PG_VERSION" ]; then
    echo "start-postgres: initdb $PGDATA"
    as_postgres "$BIN/initdb" -D "$PGDATA" -U postgres -E UTF8 -A trust --locale=C.UTF-8 >"$CACHE/initdb.log"
fi

if as_postgres "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    echo "start-postgres: already running ($PGDATA)"
elif "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
    # Another checkout's server holds the port: use it rather than fail to bind.
    echo "start-postgres: a server already listens on 127.0.0.1:$PGPORT; using it"
else
    OPTIONS="-h 127.0.0.1 -p $PGPORT -k $PGDATA"
    if [ "${POSTGRES_NO_FSYNC:-0}" = 1 ]; then
        # CI's throwaway cluster: nothing to keep after a crash, so commits need not reach the disk.
        OPTIONS="$OPTIONS -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    as_postgres "$BIN/pg_ctl" -D "$PGDATA" -l "$LOG" -w -t 60 -o "$OPTIONS" start >/dev/null
fi

for _ in $(seq 1 60); do
    if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
        break
    fi
    sleep 1
done
if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
    echo "start-postgres: not ready after 60 s; last log lines:" >&2
    tail -n 20 "$LOG" >&2 || true
    exit 1
fi

if ! "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PGDATABASE'" | grep -q 1; then
    "$BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$PGDATABASE"
fi
echo "start-postgres: ready at postgres://postgres@127.0.0.1:$PGPORT/$PGDATABASE"
