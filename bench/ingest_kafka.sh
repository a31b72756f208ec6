#!/usr/bin/env bash
# Kafka ingest benchmark: `wh ingest kafka` of BENCH_KAFKA_EVENTS generated order events (default 1,000,000, about
# 300 bytes each) from the embedded broker into bronze, consumed while they are produced, beside the two limits:
#   (a) the Kafka side: a consume-only librdkafka loop (`wh kafka consume-bench`) over events already in the broker;
#   (b) the Postgres side: `psql \copy` of the same rows (payloads and metadata) into a table of the same shape.
# The mock broker keeps only ~5 MiB per partition (../shared/FACTS.md), so the topic has 32 partitions and events
# are produced in rounds of BENCH_KAFKA_ROUND (default 100,000), each once ingest has stored all but the last
# round: at most two rounds (~2.3 MB a partition) are ever waiting in the broker. Target: wh at least 0.7x the slower of (a) and (b).
# Prints a Markdown table, also written to bench/out/ingest_kafka.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

wh="${WH:-.build/release/wh}"
events="${BENCH_KAFKA_EVENTS:-1000000}"
round="${BENCH_KAFKA_ROUND:-100000}"
runs="${BENCH_RUNS:-3}"
out="${BENCH_OUT:-$root/bench/out}"
source "$root/bench/lib.sh"

is_count "$events" || fail "BENCH_KAFKA_EVENTS must be a positive integer, got '$events'"
is_count "$round" || fail "BENCH_KAFKA_ROUND must be a positive integer, got '$round'"
check_runs BENCH_RUNS "$runs"
require_wh
wh_has_command ingest kafka && wh_has_command kafka up && wh_has_command kafka consume-bench ||
    fail "this wh has no Kafka ingest"

work="$out/ingest_kafka"
rm -rf "$work"
mkdir -p "$work/project"
start_database
sql "drop schema if exists bench_kafka cascade; drop table if exists wh_meta.kafka_offsets" >/dev/null
cat >"$work/project/project.yml" <<YAML
name: bench_kafka
ingest:
  kafka:
    - name: bench_orders
      topics: [orders]
      table: bench_kafka.order_events
      columns:
        - {name: event_id, path: event_id, type: text}
      batch_size: 5000
YAML

"$wh" kafka up --partitions 32 --topic orders --topic consume_only --project-dir "$work/project" >"$work/kafka.log" 2>&1 &
kafka_pid=$!
ingest_pid=""
cleanup() {
    [ -z "$ingest_pid" ] || kill "$ingest_pid" 2>/dev/null || true
    kill "$kafka_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    stop_database
}
trap cleanup EXIT
for _ in $(seq 1 300); do [ -s "$work/project/.wh/kafka/bootstrap" ] && break; sleep 0.1; done
[ -s "$work/project/.wh/kafka/bootstrap" ] || fail "wh kafka up did not start: $(cat "$work/kafka.log")"
export WH_DATABASE_URL="$database_url"

# Messages ingest has stored (rows and rejects), 0 before it made its tables.
stored() {
    sql "select coalesce(sum(loaded_rows + rejected_rows), 0) from wh_meta.kafka_offsets where source = 'bench_orders'" \
        2>/dev/null || echo 0
}
now() { date +%s.%N; }

echo "$bench_name: wh ingest kafka of $events events, produced in rounds of $round" >&2
"$wh" ingest kafka --follow --max-messages "$events" --project-dir "$work/project" >"$work/ingest.log" 2>&1 &
ingest_pid=$!
produced=0 seed=1 produce_seconds=0 first_stored=""
while [ "$produced" -lt "$events" ]; do
    # Bounded: ingest either keeps up or exits (and then `kill -0` fails).
    while [ "$(stored)" -lt $((produced - round)) ]; do
        kill -0 "$ingest_pid" 2>/dev/null || fail "wh ingest kafka stopped early: $(tail -5 "$work/ingest.log")"
        sleep 0.05
    done
    count=$((events - produced < round ? events - produced : round))
    start="$(now)"
    "$wh" generate orders --to kafka:orders --count "$count" --seed "$seed" --project-dir "$work/project" \
        >>"$work/produce.log" 2>&1 || fail "producing failed: $(tail -3 "$work/produce.log")"
    produce_seconds="$(awk -v a="$produce_seconds" -v s="$start" -v e="$(now)" 'BEGIN { print a + e - s }')"
    produced=$((produced + count))
    seed=$((seed + 1))
    [ -n "$first_stored" ] || [ "$(stored)" -eq 0 ] || first_stored="$(now)"
done
while kill -0 "$ingest_pid" 2>/dev/null; do
    [ -n "$first_stored" ] || [ "$(stored)" -eq 0 ] || first_stored="$(now)"
    sleep 0.02
done
wait "$ingest_pid" || fail "wh ingest kafka failed: $(tail -5 "$work/ingest.log")"
ingest_pid=""
ended="$(now)"
loaded="$(sql "select count(*) from bench_kafka.order_events")"
[ "$loaded" -eq "$events" ] || fail "bronze holds $loaded rows, expected $events"
bytes="$(sql "select sum(octet_length(payload::text)) from bench_kafka.order_events")"
# From the first stored batch (the group's 3 s join is not ingest) to the last.
wh_seconds="$(awk -v s="$first_stored" -v e="$ended" 'BEGIN { printf "%.2f", e - s }')"
wh_rate="$(awk -v n="$events" -v s="$wh_seconds" 'BEGIN { printf "%.0f", n / s }')"

echo "$bench_name: (a) consume-only over $round preloaded events, $runs runs" >&2
"$wh" generate orders --to kafka:consume_only --count "$round" --project-dir "$work/project" >>"$work/produce.log" 2>&1
consume_rates=""
for ((run = 1; run <= runs; run++)); do
    line="$("$wh" kafka consume-bench --topic consume_only --count "$round" --project-dir "$work/project" 2>&1 |
        grep -E '^Consumed ')" || fail "consume-bench failed"
    consume_rates="$consume_rates $(sed -E 's/.*: ([0-9]+) msgs\/s.*/\1/' <<<"$line")"
done
consume_rate="$(echo $consume_rates | median)"

echo "$bench_name: (b) psql \\copy of the same rows, $runs runs" >&2
columns="kafka_topic, kafka_partition, kafka_offset, kafka_key, kafka_headers, kafka_timestamp, payload, event_id"
psql "$database_url" -X -q -v ON_ERROR_STOP=1 \
    -c "\\copy (select $columns from bench_kafka.order_events) to '$work/rows.tsv'"
sql "create table bench_kafka.copy_target (like bench_kafka.order_events including all)" >/dev/null
copy_walls=""
for ((run = 1; run <= runs; run++)); do
    sql "truncate bench_kafka.copy_target" >/dev/null
    start="$(now)"
    psql "$database_url" -X -q -v ON_ERROR_STOP=1 \
        -c "\\copy bench_kafka.copy_target ($columns) from '$work/rows.tsv'" >/dev/null
    copy_walls="$copy_walls $(awk -v s="$start" -v e="$(now)" 'BEGIN { print e - s }')"
done
copy_seconds="$(echo $copy_walls | median)"
copy_rate="$(awk -v n="$events" -v s="$copy_seconds" 'BEGIN { printf "%.0f", n / s }')"

slower="$(awk -v a="$consume_rate" -v b="$copy_rate" 'BEGIN { print (a < b ? a : b) }')"
ratio_value="$(awk -v w="$wh_rate" -v s="$slower" 'BEGIN { printf "%.2f", w / s }')"
target="$(awk -v r="$ratio_value" 'BEGIN { print (r >= 0.7 ? "met" : "missed") }')"
mb() { awk -v r="$1" -v b="$bytes" -v n="$events" 'BEGIN { printf "%.1f", r * b / n / 1e6 }'; }
{
    echo "Kafka ingest benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wh=$wh, database: $database_origin"
    echo "$events order events (~$((bytes / events)) bytes of JSON each), 32 partitions, produced in rounds of $round"
    echo
    echo "| path | msgs/s | MB/s | this ÷ slower limit |"
    echo "| --- | ---: | ---: | ---: |"
    echo "| \`wh ingest kafka\` into bronze (COPY + offsets per batch), consumed while produced | $(thousands "$wh_rate") | $(mb "$wh_rate") | ${ratio_value}x |"
    echo "| (a) consume-only librdkafka loop, median of $runs | $(thousands "$consume_rate") | $(mb "$consume_rate") | |"
    echo "| (b) \`psql \\copy\` of the same rows into the same table, median of $runs | $(thousands "$copy_rate") | $(mb "$copy_rate") | |"
    echo
    echo "producing took $(printf '%.1f' "$produce_seconds") s of the ingest run's wall time; ingest measured from its first stored batch ($wh_seconds s)"
    echo "target: wh at least 0.7x the slower limit: $target"
} | tee "$out/ingest_kafka.md"
