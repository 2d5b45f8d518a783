# Sourced by start-postgres.sh and stop-postgres.sh: where the test PostgreSQL lives.
# Sets BIN (the newest installed server's bin dir, or empty), CACHE, PGDATA, PGPORT, PGDATABASE.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGPORT="${PGPORT:-5433}"
PGDATABASE="${PGDATABASE:-ocop}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"

CACHE="$ROOT/.cache/postgres"
if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    mkdir -p "$CACHE"
    chown postgres:postgres "$CACHE"
    if ! runuser -u postgres -- test -w "$CACHE"; then
        # The checkout sits where the postgres user cannot reach (e.g. under /root): keep the
        # data outside it, one folder per checkout.
        CACHE="/var/tmp/ocop-postgres-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)"
        mkdir -p "$CACHE"
        chown postgres:postgres "$CACHE"
    fi
fi
PGDATA="$CACHE/data"
