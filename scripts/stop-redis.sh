#!/usr/bin/env bash
# Stop the Redis started by scripts/start-redis.sh (it keeps no data: nothing is left behind but
# its log). Idempotent: nothing running, nothing to do. A Redis we did not start is left alone.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/pidfile.sh
. "$ROOT/scripts/pidfile.sh"
pidfile_stop "$ROOT/.cache/redis/redis.pid" redis-server stop-redis
