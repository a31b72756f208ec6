#!/usr/bin/env bash
# Runs the built tests (`swift test --skip-build`), keeping the full output (Postgres's NOTICEs and the
# server's messages included) in a log file, and prints a short summary: each failing test, Swift Testing's
# closing line (`Test run with N tests in M suites passed after X seconds.`) and, when tests fail, where the log is.
# XCTest's closing lines are printed only when it ran tests: the package has none, and its `Executed 0 tests`
# beside the Swift Testing summary reads like a failure. The exit code is swift test's.
set -uo pipefail
SWIFT=${SWIFT:-swift}
log=${WH_TEST_LOG:-.build/test.log}
mkdir -p "$(dirname "$log")"
echo "Running the tests (full output in $log)..."
# Bounded: a hung test fails the run with its log instead of holding CI until the platform's limit (a full run takes
# about 2.5 minutes here).
limit=${WH_TEST_TIMEOUT:-2400}
timeout -k 30 "$limit" "$SWIFT" test --skip-build "$@" >"$log" 2>&1
status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "The tests did not finish within ${limit}s (WH_TEST_TIMEOUT): a test hangs; see the end of $log"
fi
# The first line of each failure: Swift Testing's issues and failed tests, XCTest's failures.
grep -E '^✘ |: error: .*XCT|^Test Case .* failed' "$log" | grep -vE '^✘ Test run with ' | head -n 100
if grep -qE '^Executed [1-9][0-9]* tests?' "$log"; then
    grep -E '^Executed [0-9]+ tests?' "$log" | tail -n 1
fi
summary=$(grep -E '^[✔✘] Test run with ' "$log" | tail -n 1)
if [ -z "$summary" ]; then
    echo "The test run ended without Swift Testing's summary (exit code $status); its last lines:"
    tail -n 30 "$log"
fi
if [ "$status" -ne 0 ]; then
    echo "Tests failed (exit code $status); the full output, with the Postgres server's messages, is in $log"
fi
[ -n "$summary" ] && echo "$summary"
exit "$status"
