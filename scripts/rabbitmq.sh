# Sourced by ./test (and usable by hand): starts a RabbitMQ broker on loopback for this checkout, without systemd or
# Docker, from Debian's rabbitmq-server package. mp_ensure_rabbitmq exports MP_RABBITMQ_URI on success; otherwise it
# prints why and returns 1, and the broker tests are skipped visibly. See docs/operations.md.

MP_RABBIT_PORT="${MARKETPLACE_RABBITMQ_PORT:-5682}"

mp_rabbit_home() {
  local key
  key="$(printf '%s' "${MP_ROOT:-$(pwd)}" | sha1sum | cut -c1-12)"
  if [ "$(id -u)" = "0" ]; then echo "/var/tmp/marketplace-rabbitmq-$key"; else echo "${MP_ROOT:-$(pwd)}/.data/rabbitmq"; fi
}

mp_rabbit_env() {
  local home="$1"
  # Every port is this broker's own, so two checkouts (or a system broker on 5672) do not meet.
  env HOME="$home" RABBITMQ_HOME=/usr/lib/rabbitmq RABBITMQ_CONFIG_FILE="$home/rabbitmq" \
    RABBITMQ_MNESIA_BASE="$home/mnesia" RABBITMQ_LOG_BASE="$home/log" RABBITMQ_ENABLED_PLUGINS_FILE="$home/enabled_plugins" \
    RABBITMQ_NODENAME="mp$MP_RABBIT_PORT@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$MP_RABBIT_PORT" \
    RABBITMQ_DIST_PORT="$((MP_RABBIT_PORT + 20000))" ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$((MP_RABBIT_PORT + 10000))" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" "${@:2}"
}

mp_as_rabbit() {
  if [ "$(id -u)" = "0" ]; then runuser -u rabbitmq -- "$@"; else "$@"; fi
}

# Whether this checkout's broker answers on its port.
mp_rabbitmq_running() { (exec 3<>"/dev/tcp/127.0.0.1/$MP_RABBIT_PORT") 2>/dev/null; }

mp_ensure_rabbitmq() {
  local bin=/usr/lib/rabbitmq/bin home
  if [ ! -x "$bin/rabbitmq-server" ]; then
    echo "!! RabbitMQ is not installed (apt-get install -y rabbitmq-server): the broker tests are skipped." >&2
    return 1
  fi
  home="$(mp_rabbit_home)"
  export MP_RABBITMQ_URI="amqp://guest:guest@127.0.0.1:$MP_RABBIT_PORT"
  if mp_rabbitmq_running; then return 0; fi
  mkdir -p "$home/log" "$home/mnesia"
  [ -f "$home/enabled_plugins" ] || echo "[]." >"$home/enabled_plugins"
  # guest may log in over loopback only, which is all this broker listens on.
  [ -f "$home/rabbitmq.conf" ] || printf 'loopback_users.guest = true\n' >"$home/rabbitmq.conf"
  [ "$(id -u)" = "0" ] && chown -R rabbitmq "$home"
  echo "==> Starting RabbitMQ on 127.0.0.1:$MP_RABBIT_PORT"
  mp_as_rabbit bash -c "$(declare -f mp_rabbit_env); MP_RABBIT_PORT=$MP_RABBIT_PORT mp_rabbit_env '$home' $bin/rabbitmq-server" \
    >"$home/server.log" 2>&1 &
  local i
  for i in $(seq 1 60); do
    if mp_rabbitmq_running; then return 0; fi
    sleep 0.5
  done
  echo "!! RabbitMQ did not start within 30 s ($home/server.log): the broker tests are skipped." >&2
  tail -5 "$home/server.log" >&2
  return 1
}

mp_rabbitmq_stop() {
  local home
  home="$(mp_rabbit_home)"
  mp_as_rabbit bash -c "$(declare -f mp_rabbit_env); MP_RABBIT_PORT=$MP_RABBIT_PORT mp_rabbit_env '$home' /usr/lib/rabbitmq/bin/rabbitmqctl stop" >/dev/null 2>&1 || true
}
