#!/usr/bin/env bash
# Measures the API against plain PostgreSQL on this machine and prints a markdown table, also written to
# bench/results/<mode>-latest.md. ./bench.sh (quick: under two minutes after the build) | ./bench.sh --full; --commands
# measures only the baselines and the commands (for working on them); --reads only the baselines and the
# three timed queries; --feedback only the submission bursts and the
# sustained submissions with their feedback latency, queues and copy checks; --live only the subscriptions (1,000
# held open under the command load, on one node and across two; part of --full too); --board only the pipeline
# board of a posting with 500 applications; --leaderboard only a challenge with 100,000 submissions against one with
# 100 (submit, copy check, leaderboard and position); --talent only the talent pool at 100,000 candidates with a best
# score against 100; --webhooks only the command path with 50 webhook endpoints subscribed (one
# down) against none, and the deliveries' latency, throughput and drain (part of --full too); --funnel=N only the
# timeline rebuild and the funnel over a history of N applications (the scaling model's sizes); --keep
# keeps the bench databases. Exits non-zero when a benchmark itself failed, not when a target is missed.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh

mode="--quick"; extra=()
for arg in "$@"; do
  case "$arg" in
    --quick|--full) mode="$arg" ;;
    --keep) extra+=(--keep) ;;
    --commands) extra+=(--commands) ;;
    --reads) extra+=(--reads) ;;
    --feedback) extra+=(--feedback) ;;
    --live) extra+=(--live) ;;
    --board) extra+=(--board) ;;
    --leaderboard) extra+=(--leaderboard) ;;
    --talent) extra+=(--talent) ;;
    --webhooks) extra+=(--webhooks) ;;
    --funnel=*) extra+=("$arg") ;;
    *) echo "usage: ./bench.sh [--quick | --full] [--commands | --reads | --feedback | --live | --board | --leaderboard | --talent | --webhooks | --funnel=APPLICATIONS] [--keep]" >&2; exit 2 ;;
  esac
done

mp_ensure_postgres marketplace
# The reads' yardstick is pgbench, from the same installation as the server (bench/README.md).
pg_bin="$(mp_pg_bin)"
if [ -n "$pg_bin" ] && [ -x "$pg_bin/pgbench" ]; then export MARKETPLACE_PGBENCH="$pg_bin/pgbench"; fi
# This checkout's broker (./test stops the one it starts; one started by hand or by an interrupted ./test stays up):
# the bench does not use it, and on a small machine it is one more process sharing the cores (docs/performance.md,
# round 8). ./test starts it again when it needs it.
source scripts/rabbitmq.sh
if mp_rabbitmq_running; then
  echo "==> Stopping this checkout's RabbitMQ: the bench wants the cores to itself"
  mp_rabbitmq_stop
fi
echo "==> Publishing the API as production does (Release, ReadyToRun: docs/adr/0016)"
dotnet publish src/Api -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
  -o src/Api/bin/bench -v q -nologo -clp:ErrorsOnly
dotnet publish bench/Marketplace.Bench.Floor -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
  -o bench/Marketplace.Bench.Floor/bin/floor -v q -nologo -clp:ErrorsOnly
dotnet build bench/Marketplace.Bench -c Release -v q -nologo -clp:ErrorsOnly
exec dotnet bench/Marketplace.Bench/bin/Release/net10.0/Marketplace.Bench.dll "$mode" "${extra[@]}"
