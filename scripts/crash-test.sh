#!/usr/bin/env bash
# Crash test of the SimGate outbox: kill -9 the gateway mid-send K times over real ptys, then check by the
# simulated modems' ledgers that nothing was sent twice, nothing lost, nothing left in `sending`.
#
#   scripts/crash-test.sh                 full size: 2,000 messages, 10 kills, 3 modems
#   scripts/crash-test.sh --quick         the short version run by `make test`: 200 messages, 3 kills, 2 modems
#   scripts/crash-test.sh --messages 500 --kills 5 --modems 4 --seed 42 --keep
#
# Uses target/debug/simgate (built here if cargo is around), or the binary named by SIMGATE_BIN.
# Exit status: 0 all checks hold, 1 a violation (listed), 2 the test could not run.
set -euo pipefail
cd "$(dirname "$0")/.."

args=()
for a in "$@"; do
  case "$a" in
    --quick) args+=(--messages 200 --kills 3 --modems 2) ;;
    *) args+=("$a") ;;
  esac
done

if [[ -z "${SIMGATE_BIN:-}" ]]; then
  "${CARGO:-cargo}" build -q -p simgate
  export SIMGATE_BIN="$PWD/target/debug/simgate"
fi
command -v python3 >/dev/null || { echo "crash-test: python3 is needed" >&2; exit 2; }
# The judge first: it must catch a duplicate, a loss, a stuck message, before its verdict on a run means anything.
python3 tests/crash/test_judge.py 2>&1 | tail -n 1
exec python3 tests/crash/crash_test.py "${args[@]}"
