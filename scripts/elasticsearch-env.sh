# shellcheck shell=bash disable=SC2034  # sourced: the variables are used by the scripts
# Sourced by start-elasticsearch.sh and stop-elasticsearch.sh: where the test Elasticsearch lives.
# Sets ES_VERSION, ES_ARTIFACT, ES_PORT, ES_ZIP_DIR (the downloaded zip, in the project's ignored
# .cache), ES_RUN (unpacked server, data, logs, pidfile), ES_HOME, ES_DATA, ES_LOGS, ES_PIDFILE,
# ES_USER (the user the server runs as: "elasticsearch" when we are root, else ourselves).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Maven Central's test distribution (server core + transport-netty4, apm, x-pack-core,
# x-pack-security modules; no bundled JDK). 8.19.9 is the newest 8.19.x there (8.19.10 is not).
ES_VERSION="${ES_VERSION:-8.19.9}"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
ES_PORT="${ES_PORT:-9200}"

ES_ZIP_DIR="$ROOT/.cache/elasticsearch"
ES_USER="$(id -un)"
if [ "$(id -u)" = 0 ]; then
    ES_USER=elasticsearch
fi

es_paths() {
    # Elasticsearch refuses to run as root, so as root it runs as ES_USER, which must reach
    # ES_RUN. The checkout may sit where that user cannot go (e.g. under /root): then the server
    # and its data live outside it, one folder per checkout. Call after ES_USER and ES_ZIP_DIR exist
    # (otherwise the project's folder is assumed).
    ES_RUN="$ES_ZIP_DIR"
    if [ "$(id -u)" = 0 ] && id "$ES_USER" >/dev/null 2>&1 && [ -d "$ES_ZIP_DIR" ] \
        && ! (cd / && runuser -u "$ES_USER" -- test -x "$ES_ZIP_DIR"); then
        ES_RUN="/var/tmp/ocop-elasticsearch-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)"
    fi
    ES_HOME="$ES_RUN/elasticsearch-$ES_VERSION"
    ES_DATA="$ES_RUN/data"
    ES_LOGS="$ES_RUN/logs"
    ES_PIDFILE="$ES_RUN/elasticsearch.pid"
}

es_running_pid() {
    # Print the pid from ES_PIDFILE if that process is alive and is an Elasticsearch server.
    local pid
    [ -f "$ES_PIDFILE" ] || return 1
    pid="$(cat "$ES_PIDFILE" 2>/dev/null || true)"
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    grep -qa 'org\.elasticsearch' "/proc/$pid/cmdline" || return 1
    echo "$pid"
}

es_healthy() {
    # True when a cluster answers on 127.0.0.1:ES_PORT with status green or yellow.
    # es_healthy [WAIT_SECONDS]: let the cluster take up to that long to reach yellow.
    local wait="${1:-1}" health
    health="$(curl -sf --max-time "$((wait + 5))" \
        "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=${wait}s" 2>/dev/null)" \
        || return 1
    [[ "$health" =~ \"status\":\"(green|yellow)\" ]]
}
