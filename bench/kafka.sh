#!/usr/bin/env bash
# Kafka benchmark: order events through the embedded broker (librdkafka's mock cluster, `wh kafka up`).
#
#   bench/kafka.sh                                  # 1,000,000 events of about 300 bytes
#   BENCH_KAFKA_EVENTS=100000 bench/kafka.sh        # a quick pass
#
# 1. `wh kafka up` hosts the broker (topic `orders` with BENCH_KAFKA_PARTITIONS partitions, default 32; topic
#    `drain`, 32 partitions) in a throwaway project folder;
# 2. stream: `wh kafka consume-bench` (a consume-only librdkafka loop, no Postgres) joins a group on `orders`,
#    then `wh generate orders --to kafka:orders` produces BENCH_KAFKA_EVENTS events, waiting for every
#    acknowledgement, while the consumer reads them. The mock broker keeps only about 5 MiB per partition, so
#    the two must run together (32 partitions hold about 500,000 events: the consumer may lag that far; past it
#    the consumer fails with "offset out of range" rather than skip); its rate is then bounded by the producer's;
# 3. drain: BENCH_KAFKA_DRAIN_EVENTS events (default 320,000: about 3.3 MB per partition, within the mock's
#    retention) are produced to `drain` first and then consumed alone: the consume-only loop's own limit.
# Rates are the tools' own figures (the consumer's clock starts at its first message). Prints a Markdown table,
# also written to bench/out/kafka.md. `wh kafka consume-bench --count N --topic T --project-dir DIR` is the loop
# the Postgres ingest benchmark compares against.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

wh="${WH:-.build/release/wh}"
events="${BENCH_KAFKA_EVENTS:-1000000}"
drain_events="${BENCH_KAFKA_DRAIN_EVENTS:-320000}"
out="${BENCH_OUT:-$root/bench/out}"
partitions="${BENCH_KAFKA_PARTITIONS:-32}"
wh_timeout="${BENCH_WH_TIMEOUT:-300}"
source "$root/bench/lib.sh"

is_count "$events" || fail "BENCH_KAFKA_EVENTS must be a positive integer, got '$events'"
is_count "$partitions" || fail "BENCH_KAFKA_PARTITIONS must be a positive integer, got '$partitions'"
is_count "$drain_events" || fail "BENCH_KAFKA_DRAIN_EVENTS must be a positive integer, got '$drain_events'"
require_wh
wh_has_command kafka up || fail "this wh has no \`wh kafka up\`"
wh_has_command kafka consume-bench || fail "this wh has no \`wh kafka consume-bench\`"
wh_has_command generate orders || fail "this wh has no \`wh generate orders\`"

work="$out/kafka"
rm -rf "$work"
mkdir -p "$work"
bootstrap="$work/.wh/kafka/bootstrap"

broker_pid=""
consumer_pid=""
cleanup() {
    [ -z "$consumer_pid" ] || kill "$consumer_pid" 2>/dev/null || true
    if [ -n "$broker_pid" ]; then
        kill -INT "$broker_pid" 2>/dev/null || true
        wait "$broker_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

"$wh" kafka up --project-dir "$work" --topic orders --partitions "$partitions" >"$work/broker.log" 2>&1 &
broker_pid=$!
for _ in $(seq 1 300); do [ -s "$bootstrap" ] && break; sleep 0.1; done
[ -s "$bootstrap" ] || { cat "$work/broker.log" >&2; fail "\`wh kafka up\` recorded no address in 30 s"; }
"$wh" kafka up --project-dir "$work/drain-broker" --topic drain --partitions 32 >"$work/drain-broker.log" 2>&1 &
drain_broker_pid=$!
trap 'cleanup; kill -INT $drain_broker_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do [ -s "$work/drain-broker/.wh/kafka/bootstrap" ] && break; sleep 0.1; done
[ -s "$work/drain-broker/.wh/kafka/bootstrap" ] || fail "the drain broker recorded no address in 30 s"

# Waits for a consume-bench started in the background to join its group (log $1, pid $2).
await_join() {
    for _ in $(seq 1 300); do
        grep -q "^Joined group" "$1" && return 0
        kill -0 "$2" 2>/dev/null || { cat "$1" >&2; fail "the consumer ended before joining its group"; }
        sleep 0.1
    done
    fail "the consumer did not join its group in 30 s"
}

# The figures of a `Sent ...` or `Consumed ...` line: "<msgs/s> <MB/s>".
rates() { sed -nE 's/.*[(:] ?([0-9]+) (events|msgs)\/s, ([0-9.]+) MB\/s.*/\1 \3/p' "$1" | tail -n 1; }

echo "== stream: $events events while consuming" >&2
timeout "$wh_timeout" "$wh" kafka consume-bench --project-dir "$work" --topic orders --count "$events" \
    --timeout "$wh_timeout" >"$work/consume.log" 2>&1 &
consumer_pid=$!
await_join "$work/consume.log" "$consumer_pid"
timeout "$wh_timeout" "$wh" generate orders --project-dir "$work" --to kafka:orders --count "$events" --seed 1 \
    >"$work/produce.log" 2>&1 || { tail -n 20 "$work/produce.log" >&2; fail "producing failed"; }
wait "$consumer_pid" || { tail -n 20 "$work/consume.log" >&2; fail "consuming failed"; }
consumer_pid=""
cat "$work/produce.log" "$work/consume.log" >&2
read -r produce_rate produce_mb < <(rates "$work/produce.log")
read -r stream_rate stream_mb < <(rates "$work/consume.log")

echo "== drain: $drain_events events produced, then consumed alone" >&2
timeout "$wh_timeout" "$wh" generate orders --project-dir "$work/drain-broker" --to kafka:drain \
    --count "$drain_events" --seed 2 >"$work/drain-produce.log" 2>&1 ||
    { tail -n 20 "$work/drain-produce.log" >&2; fail "producing the drain topic failed"; }
timeout "$wh_timeout" "$wh" kafka consume-bench --project-dir "$work/drain-broker" --topic drain \
    --count "$drain_events" --timeout "$wh_timeout" >"$work/drain-consume.log" 2>&1 ||
    { tail -n 20 "$work/drain-consume.log" >&2; fail "draining failed"; }
cat "$work/drain-produce.log" "$work/drain-consume.log" >&2
read -r drain_rate drain_mb < <(rates "$work/drain-consume.log")

mkdir -p "$out"
{
    echo "### Kafka: order events through the embedded broker ($(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1 /proc/loadavg))"
    echo
    echo "| step | events | msgs/s | MB/s |"
    echo "| --- | --- | --- | --- |"
    echo "| produce (\`wh generate orders --to kafka\`, idempotent, every event acknowledged) | $(thousands "$events") | $(thousands "$produce_rate") | $produce_mb |"
    echo "| consume while producing (\`wh kafka consume-bench\`, $partitions partitions, bounded by the producer) | $(thousands "$events") | $(thousands "$stream_rate") | $stream_mb |"
    echo "| consume alone, a pre-filled 32-partition topic (the consume-only limit) | $(thousands "$drain_events") | $(thousands "$drain_rate") | $drain_mb |"
} | tee "$out/kafka.md"
