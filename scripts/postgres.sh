# Sourced by ./run and ./test: makes sure a PostgreSQL is reachable and exports ConnectionStrings__Marketplace.
# Order: a connection string the user gave; a local cluster from the installed PostgreSQL binaries; docker compose;
# otherwise a message that says what to install. See docs/adr/0005-postgresql-without-docker.md.

MP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MP_PG_PORT="${MARKETPLACE_PG_PORT:-5433}"

mp_port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

mp_pg_bin() {
  if [ -n "${MARKETPLACE_PG_BIN:-}" ]; then echo "$MARKETPLACE_PG_BIN"; return; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin /opt/homebrew/bin /usr/local/bin; do
    if [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  done
}

# As root the cluster runs as the postgres user, who may not reach a checkout under a root-only home.
mp_pg_home() {
  if [ "$(id -u)" = "0" ]; then
    echo "/var/tmp/marketplace-pg-$(printf '%s' "$MP_ROOT" | sha1sum | cut -c1-12)"
  else
    echo "$MP_ROOT/.data/pg"
  fi
}

mp_as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mp_psql() { psql -h 127.0.0.1 -p "$MP_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtAX "$@"; }

mp_local_cluster_start() {
  local bin="$1" home data
  home="$(mp_pg_home)"; data="$home/data"
  if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  mkdir -p "$home"
  [ "$(id -u)" = "0" ] && chown postgres "$home"
  if [ ! -s "$data/PG_VERSION" ]; then
    echo "==> Creating a local PostgreSQL cluster in $data"
    mp_as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$home/initdb.log" 2>&1 \
      || { cat "$home/initdb.log"; return 1; }
  fi
  # The cluster keeps the port it first got; a port taken by something else moves a new cluster to the next free one.
  if [ -z "${MARKETPLACE_PG_PORT:-}" ] && [ -s "$home/port" ]; then MP_PG_PORT="$(cat "$home/port")"; fi
  if ! mp_as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    if [ -z "${MARKETPLACE_PG_PORT:-}" ]; then
      while mp_port_busy "$MP_PG_PORT"; do MP_PG_PORT=$((MP_PG_PORT + 1)); done
    fi
    echo "$MP_PG_PORT" >"$home/port"
    echo "==> Starting PostgreSQL on 127.0.0.1:$MP_PG_PORT"
    # A development server: fsync and synchronous commits are off for speed, so a crash of this server may lose the
    # last commits. A production server keeps both on (docs/reliability.md).
    mp_as_pg "$bin/pg_ctl" -D "$data" -l "$home/postgres.log" \
      -o "-p $MP_PG_PORT -c listen_addresses=127.0.0.1 -k $home -c max_connections=200 -c fsync=off -c synchronous_commit=off" \
      -w -t 30 start >/dev/null || { tail -20 "$home/postgres.log"; return 1; }
  fi
}

mp_local_cluster_stop() {
  local bin home
  bin="$(mp_pg_bin)"; home="$(mp_pg_home)"
  if [ -n "$bin" ] && [ -d "$home/data" ] && mp_as_pg "$bin/pg_ctl" -D "$home/data" status >/dev/null 2>&1; then
    mp_as_pg "$bin/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null && echo "==> Stopped the local PostgreSQL ($home)"
  else
    echo "==> No local PostgreSQL is running for this checkout."
  fi
}

# mp_ensure_postgres <database>: exports ConnectionStrings__Marketplace for that database.
mp_ensure_postgres() {
  local database="$1"
  if [ -n "${ConnectionStrings__Marketplace:-}" ]; then
    echo "==> Using the database from ConnectionStrings__Marketplace"
    return 0
  fi
  local bin; bin="$(mp_pg_bin)"
  if [ -n "$bin" ]; then
    mp_local_cluster_start "$bin" || return 1
  elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    echo "==> Starting PostgreSQL with docker compose"
    (cd "$MP_ROOT" && docker compose up -d --wait postgres) || return 1
    export PGPASSWORD=postgres
  else
    cat >&2 <<'MSG'
No PostgreSQL found. Either
  - set ConnectionStrings__Marketplace to a PostgreSQL 15+ database you have, or
  - install PostgreSQL 15 (Debian/Ubuntu: apt-get install postgresql-15; macOS: brew install postgresql@15), or
  - install Docker, and this script runs `docker compose up -d postgres` for you.
MSG
    return 1
  fi
  if ! command -v psql >/dev/null 2>&1; then echo "psql is missing: install the PostgreSQL client." >&2; return 1; fi
  if [ "$(mp_psql -d postgres -c "select 1 from pg_database where datname = '$database'")" != "1" ]; then
    mp_psql -d postgres -c "create database $database" >/dev/null
  fi
  local password=""
  [ -n "${PGPASSWORD:-}" ] && password=";Password=$PGPASSWORD"
  export ConnectionStrings__Marketplace="Host=127.0.0.1;Port=$MP_PG_PORT;Database=$database;Username=postgres$password"
}
