#!/usr/bin/env bash
# Pipeline benchmark of `simgate serve` (release build), loaded the way the peer scripts in
# /work/shared/peers load Kannel: ApacheBench, keep-alive, 8 concurrent clients.
#
#   (a) throughput: N messages (default 10,000) POSTed to /api/v1/messages on 4 zero-latency simulated
#       modems; accepted/s (until the last 202), sent/s (until /api/v1/stats shows every message past
#       `sending`), p50/p99 accept latency from ab's percentile table.
#   (b) modem-time efficiency: 4 simulated modems at 500 ms per command, 400 messages posted at once;
#       the time until all are sent against the ideal 400 x 0.5 s / 4 = 50 s.
#
# Usage: scripts/bench-pipeline.sh [N] [--skip-efficiency] [--skip-throughput]
# Env:   SIMGATE_BIN (default: target/release/simgate, built here), CONCURRENCY (8), WARMUP (200),
#        EFF_MESSAGES (400), EFF_LATENCY_MS (500), KEEP=1 keeps the work directory.
# Prints one line per figure, like the peer scripts:
#   RESULT simgate-accepted <N> <seconds> <msgs_per_s>        until ab has every 202
#   RESULT simgate-sent <N> <seconds> <msgs_per_s>            until every message is past `sending`
#   RESULT simgate-accept-latency-ms <N> p50 <ms> p99 <ms>
#   (the same three again with a -no-reports suffix: the gateway run with --no-delivery-reports)
#   RESULT simgate-modem-time <N> <seconds> ratio <x> ideal <s>
set -euo pipefail
cd "$(dirname "$0")/.."

N=10000
RUN_A=1
RUN_B=1
for a in "$@"; do
  case "$a" in
    --skip-efficiency) RUN_B=0 ;;
    --skip-throughput) RUN_A=0 ;;
    *[!0-9]* | "") echo "usage: $0 [N] [--skip-efficiency] [--skip-throughput]" >&2; exit 2 ;;
    *) N="$a" ;;
  esac
done
CONC="${CONCURRENCY:-8}"
WARMUP="${WARMUP:-200}"
EFF_N="${EFF_MESSAGES:-400}"
EFF_LAT="${EFF_LATENCY_MS:-500}"

if ! command -v ab >/dev/null; then
  echo "installing apache2-utils (ab)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends apache2-utils >&2 \
    || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends apache2-utils >&2; }
fi
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 2; }
if [[ -z "${SIMGATE_BIN:-}" ]]; then
  "${CARGO:-cargo}" build -q --release -p simgate
  SIMGATE_BIN="$PWD/target/release/simgate"
fi

WORK=$(mktemp -d /tmp/simgate-bench.XXXXXX)
GW_PID=""
stop_gateway() {
  if [[ -n "$GW_PID" ]]; then
    kill -TERM "$GW_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$GW_PID" 2>/dev/null || true
    wait "$GW_PID" 2>/dev/null || true
    GW_PID=""
  fi
}
cleanup() {
  stop_gateway
  if [[ "${KEEP:-0}" == 1 ]]; then echo "work dir kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

TOKEN="bench-$(date +%s)-$RANDOM"
export SIMGATE_API_TOKEN="$TOKEN"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# start_gateway NAME ARGS...: runs `simgate serve` on a fresh data directory and waits for its ready line.
start_gateway() {
  local name="$1"; shift
  mkdir -p "$WORK/$name"
  SIMGATE_LOG=warn "$SIMGATE_BIN" serve --data-dir "$WORK/$name/data" --listen "127.0.0.1:$PORT" "$@" \
    >"$WORK/$name/stdout.log" 2>"$WORK/$name/stderr.log" &
  GW_PID=$!
  # Slow simulated modems take a while to initialise (a dozen commands each, at --sim-latency apiece).
  for _ in $(seq 1 1200); do
    grep -q "SimGate is running at" "$WORK/$name/stdout.log" 2>/dev/null && return 0
    kill -0 "$GW_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "gateway did not start:" >&2
  cat "$WORK/$name/stderr.log" >&2
  exit 3
}

# The driver: posts (ab or a burst of its own), polls /api/v1/stats, prints the figures.
cat >"$WORK/drive.py" <<'PYEOF'
import csv, http.client, json, os, subprocess, sys, threading, time

port, token, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
HDR = {"Authorization": f"Bearer {token}"}
PENDING = ("queued", "sending", "scheduled")


def stats():
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", "/api/v1/stats", headers=HDR)
    r = c.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit(f"GET /api/v1/stats -> {r.status} {body[:200]!r}")
    return json.loads(body)


def done_count(s):
    return s["total"] - sum(s["by_status"].get(k, 0) for k in PENDING)


def wait_done(total, deadline_s, every=0.01):
    """Seconds (perf_counter) when stats first show `total` messages, none pending."""
    end = time.perf_counter() + deadline_s
    while time.perf_counter() < end:
        s = stats()
        if s["total"] >= total and done_count(s) >= total:
            return time.perf_counter(), s
        time.sleep(every)
    s = stats()
    sys.exit(f"not drained after {deadline_s:.0f} s: {s}")


def post_burst(n, prefix):
    """n posts from 8 keep-alive connections, as fast as they go."""
    errors = []

    def worker(ids):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for i in ids:
            body = json.dumps({"to": f"+49151{20000000 + i}", "body": f"{prefix} {i}"})
            c.request("POST", "/api/v1/messages", body=body,
                      headers={**HDR, "Content-Type": "application/json"})
            r = c.getresponse()
            data = r.read()
            if r.status != 202:
                errors.append((r.status, data[:200]))

    threads = [threading.Thread(target=worker, args=(range(k, n, 8),)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        sys.exit(f"{len(errors)} posts refused, first: {errors[0]}")


def check_clean(s, label):
    bad = {k: v for k, v in s["by_status"].items() if k in ("failed", "uncertain") and v}
    if bad:
        sys.exit(f"{label}: messages ended {bad}")


if mode == "throughput":
    n, conc, warmup, work = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
    label = sys.argv[8] if len(sys.argv) > 8 else ""
    # Warm-up (not timed): first requests load the validator's number metadata, connections open.
    post_burst(warmup, "warm-up message")
    wait_done(warmup, 120)
    with open(os.path.join(work, "body.json"), "w") as f:
        json.dump({"to": "+4915123456789", "body": "Your SimGate benchmark code is 424242"}, f)
    cmd = ["ab", "-q", "-k", "-l", "-r", "-s", "30", "-c", str(conc), "-n", str(n),
           "-p", os.path.join(work, "body.json"), "-T", "application/json",
           "-H", f"Authorization: Bearer {token}", "-e", os.path.join(work, "ab.csv"),
           f"http://127.0.0.1:{port}/api/v1/messages"]
    holder = {}

    def run_ab():
        p = subprocess.run(cmd, capture_output=True, text=True)
        holder["t_end"] = time.perf_counter()
        holder["proc"] = p

    t0 = time.perf_counter()
    th = threading.Thread(target=run_ab)
    th.start()
    # Every 20 ms: often enough for a run of several seconds (<0.5 % resolution), rarely enough that counting
    # every message 50 times a second does not take CPU from the pipeline being measured.
    t_done, s = wait_done(warmup + n, 600, every=0.02)
    th.join()
    p = holder["proc"]
    out = p.stdout
    lines = {l.split(":")[0].strip(): l.split(":", 1)[1].strip() for l in out.splitlines() if ":" in l}
    failed = int(lines.get("Failed requests", "0").split()[0])
    non2xx = int(lines.get("Non-2xx responses", "0").split()[0])
    complete = int(lines.get("Complete requests", "0").split()[0])
    keepalive = lines.get("Keep-Alive requests", "?")
    if p.returncode != 0 or failed or non2xx or complete != n:
        print(out, p.stderr, file=sys.stderr)
        sys.exit(f"ab: {complete} complete, {failed} failed, {non2xx} non-2xx (exit {p.returncode})")
    check_clean(s, "throughput run")
    if s["total"] != warmup + n:
        sys.exit(f"stats count {s['total']} messages, expected {warmup + n}")
    pct = {}
    with open(os.path.join(work, "ab.csv")) as f:
        for row in csv.reader(f):
            if row and row[0].replace(".", "").isdigit():
                pct[int(float(row[0]))] = float(row[1])
    t_accept = holder["t_end"] - t0
    t_sent = max(t_done, holder["t_end"]) - t0
    print(f"  ab: {complete} complete, keep-alive {keepalive}, failed {failed}", file=sys.stderr)
    print(f"  stats at the end: {json.dumps(s['by_status'], sort_keys=True)}", file=sys.stderr)
    print(f"RESULT simgate-accepted{label} {n} {t_accept:.3f} {n / t_accept:.0f}")
    print(f"RESULT simgate-sent{label} {n} {t_sent:.3f} {n / t_sent:.0f}")
    print(f"RESULT simgate-accept-latency-ms{label} {n} p50 {pct[50]:.2f} p99 {pct[99]:.2f}")

elif mode == "efficiency":
    n, ideal = int(sys.argv[4]), float(sys.argv[5])
    t0 = time.perf_counter()
    post_burst(n, "modem time message")
    t_posted = time.perf_counter() - t0
    t_done, s = wait_done(n, 20 * ideal + 120, every=0.05)
    check_clean(s, "efficiency run")
    drain = t_done - t0
    print(f"  {n} posted in {t_posted:.2f} s; stats at the end: {json.dumps(s['by_status'], sort_keys=True)}",
          file=sys.stderr)
    print(f"RESULT simgate-modem-time {n} {drain:.2f} ratio {drain / ideal:.3f} ideal {ideal:.1f}")
PYEOF

echo "SimGate pipeline benchmark: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "binary: $SIMGATE_BIN ($("$SIMGATE_BIN" --version))" >&2

if ((RUN_A)); then
  echo "(a) throughput: $N messages, ab -k -c $CONC, 4 simulated modems at zero latency (+ $WARMUP warm-up)" >&2
  start_gateway throughput --demo-modems 4 --sim-latency 0
  python3 "$WORK/drive.py" "$PORT" "$TOKEN" throughput "$N" "$CONC" "$WARMUP" "$WORK/throughput"
  stop_gateway
  # The same without delivery reports, as the peer scripts run Kannel (no DLRs): each report is a modem
  # notification to decode and one more commit per message.
  echo "(a') the same with --no-delivery-reports" >&2
  start_gateway throughput-no-reports --demo-modems 4 --sim-latency 0 --no-delivery-reports
  python3 "$WORK/drive.py" "$PORT" "$TOKEN" throughput "$N" "$CONC" "$WARMUP" "$WORK/throughput-no-reports" \
    -no-reports
  stop_gateway
fi

if ((RUN_B)); then
  # The ideal counts one latency per message: the simulator answers the `>` prompt at once and delays the
  # answer to the PDU, so 400 messages on 4 modems cannot finish before 400 x 0.5 s / 4 = 50 s. Anything
  # above that is time the modems spent waiting for the gateway (or on its housekeeping commands).
  IDEAL=$(python3 -c "print($EFF_N * $EFF_LAT / 1000 / 4)")
  echo "(b) modem time: $EFF_N messages, 4 simulated modems at $EFF_LAT ms per command, ideal $IDEAL s" >&2
  start_gateway efficiency --demo-modems 4 --sim-latency "$EFF_LAT"
  python3 "$WORK/drive.py" "$PORT" "$TOKEN" efficiency "$EFF_N" "$IDEAL"
  stop_gateway
fi
