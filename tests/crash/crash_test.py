#!/usr/bin/env python3
"""Crash test of the SimGate outbox: kill -9 the gateway mid-send, restart it, judge by the modems' ledgers.

Setup: M external simulated modems (`simgate simulate --ledger`), each on its own pseudo-terminal, and one
`simgate serve --modem PATH...` gateway on them. Clients post N messages over HTTP, each to its own recipient
number with its own body, some of them long enough to go out in several parts. While the queue is being sent
the gateway is killed with SIGKILL K times at random moments and restarted on the same data directory.

The simulated network writes (and flushes) one ledger line per accepted AT+CMGS before it answers, so the
ledgers are the truth of what went out, whatever the gateway managed to store before it died. After the last
restart the queue drains and the test checks:

  * every accepted message (202 answer) exists, and none is left in `sending`;
  * every message is terminal (sent, uncertain, ...) or still queued; after the drain nothing is queued;
  * no part went out twice: a (recipient, part number) pair appears at most once across all ledgers;
  * nothing was lost: every `sent` message has all its parts in a ledger, text included;
  * nothing went out that the gateway does not know of (a ledger PDU for an unknown recipient);
  * `uncertain` <= modems x kills (only a part in flight when the gateway died may be uncertain);
  * no message failed (healthy simulators never refuse a well-formed PDU).

Python 3 standard library only. Exit status 0 when every check holds, 1 on a violation, 2 on a setup error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

TOKEN = "crash-test-token"
# Recipients are +49151 followed by eight digits: German mobile numbers the gateway's validator accepts.
# Message i goes to NUMBER_BASE + i, so a ledger PDU names its message by its destination alone.
NUMBER_BASE = 4915110000000

# GSM 03.38 default alphabet (TS 23.038 clause 6.2.1), enough to read back what the test sends.
GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXT = {0x0A: "\f", 0x14: "^", 0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~", 0x3E: "]",
            0x40: "|", 0x65: "€"}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---------------------------------------------------------------------------------------------------------------
# SMS-SUBMIT parsing (TS 23.040 clause 9.2.2.2), as written by the gateway and recorded by the simulator.
# ---------------------------------------------------------------------------------------------------------------

def parse_submit(hex_pdu: str) -> dict:
    b = bytes.fromhex(hex_pdu)
    i = b[0] + 1  # SMSC address field: its first octet is its own length (TS 27.005 clause 3.5.1)
    first = b[i]
    i += 1
    if first & 0x03 != 0x01:
        raise ValueError("not an SMS-SUBMIT")
    vpf = (first >> 3) & 0x03
    udhi = bool(first & 0x40)
    i += 1  # TP-MR
    da_digits = b[i]
    toa = b[i + 1]
    da_octets = (da_digits + 1) // 2
    raw = b[i + 2:i + 2 + da_octets]
    i += 2 + da_octets
    digits = "".join(f"{x & 0x0F:x}{x >> 4:x}" for x in raw)[:da_digits]
    number = ("+" if (toa & 0x70) == 0x10 else "") + digits
    i += 1  # TP-PID
    dcs = b[i]
    i += 1
    i += {0: 0, 1: 7, 2: 1, 3: 7}[vpf]  # TP-VP (9.2.3.3): none, enhanced, relative, absolute
    udl = b[i]
    ud = b[i + 1:]
    concat = None
    header_len = 0
    if udhi:
        udhl = ud[0]
        header_len = udhl + 1
        h = ud[1:1 + udhl]
        j = 0
        while j + 1 < len(h):
            iei, iel = h[j], h[j + 1]
            val = h[j + 2:j + 2 + iel]
            if iei == 0x00 and iel == 3:  # 9.2.3.24.1, 8-bit reference
                concat = (val[0], val[1], val[2])
            elif iei == 0x08 and iel == 4:  # 9.2.3.24.8, 16-bit reference
                concat = ((val[0] << 8) | val[1], val[2], val[3])
            j += 2 + iel
    alphabet = (dcs >> 2) & 0x03 if dcs & 0xC0 == 0 else 0
    if alphabet == 2:  # UCS-2
        text = ud[header_len:udl].decode("utf-16-be", errors="replace")
    elif alphabet == 0:  # GSM 7-bit, header padded to a septet boundary
        skip = (header_len * 8 + 6) // 7
        septets = [(int.from_bytes(ud, "little") >> (7 * k)) & 0x7F for k in range(udl)]
        out, esc = [], False
        for s in septets[skip:]:
            if esc:
                out.append(GSM7_EXT.get(s, " "))
                esc = False
            elif s == 0x1B:
                esc = True
            else:
                out.append(GSM7_BASIC[s])
        text = "".join(out)
    else:
        text = None
    return {"number": number, "concat": concat, "text": text}


# ---------------------------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------------------------

class Simulators:
    def __init__(self, binary: str, work: Path, count: int, latency: int):
        self.procs, self.links, self.ledgers = [], [], []
        for k in range(count):
            link = work / f"ttySIM{k}"
            ledger = work / f"ledger{k}.jsonl"
            out = open(work / f"sim{k}.log", "wb")
            p = subprocess.Popen(
                [binary, "simulate", "--link", str(link), "--ledger", str(ledger), "--latency", str(latency),
                 "--imei", f"35999900000{k:04d}"],
                stdout=out, stderr=subprocess.STDOUT)
            self.procs.append(p)
            self.links.append(link)
            self.ledgers.append(ledger)
        deadline = time.time() + 20
        for link, p in zip(self.links, self.procs):
            while not link.exists():
                if p.poll() is not None or time.time() > deadline:
                    raise SystemExit(f"setup: simulated modem on {link} did not start (see {link.parent})")
                time.sleep(0.05)

    def check_alive(self) -> None:
        for link, p in zip(self.links, self.procs):
            if p.poll() is not None:
                raise RuntimeError(f"simulated modem {link.name} exited with {p.returncode}")

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


class Gateway:
    def __init__(self, binary: str, work: Path, port: int, links: list[Path]):
        self.binary, self.work, self.port, self.links = binary, work, port, links
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = 60) -> float:
        """Starts `simgate serve` and waits for its ready line; returns the seconds it took."""
        t0 = time.time()
        env = dict(os.environ, SIMGATE_API_TOKEN=TOKEN, SIMGATE_LOG=os.environ.get("SIMGATE_LOG", "info"),
                   NO_COLOR="1")
        cmd = [self.binary, "serve", "--data-dir", str(self.work / "data"), "--listen", f"127.0.0.1:{self.port}"]
        for link in self.links:
            cmd += ["--modem", str(link)]
        err = open(self.work / f"gateway{self.starts}.log", "wb")
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=err)
        self.starts += 1
        ready = threading.Event()

        def read_stdout(proc: subprocess.Popen) -> None:
            for line in proc.stdout:
                if b"SimGate is running at" in line:
                    ready.set()

        threading.Thread(target=read_stdout, args=(self.proc,), daemon=True).start()
        while not ready.wait(0.05):
            if self.proc.poll() is not None:
                raise RuntimeError(f"gateway exited with {self.proc.returncode} during start "
                                   f"(see {self.work}/gateway{self.starts - 1}.log)")
            if time.time() - t0 > timeout:
                raise RuntimeError(f"gateway not ready after {timeout:.0f} s "
                                   f"(see {self.work}/gateway{self.starts - 1}.log)")
        return time.time() - t0

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> int | None:
        if self.proc is None or self.proc.poll() is not None:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return -9


# ---------------------------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------------------------

def api(port: int, method: str, path: str, body: dict | None = None, timeout: float = 10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        return r.status, json.loads(r.read() or b"null")
    finally:
        conn.close()


def api_retry(port: int, method: str, path: str, deadline: float):
    while True:
        try:
            status, body = api(port, method, path)
            if status == 200:
                return body
            raise RuntimeError(f"{method} {path} -> {status} {body}")
        except (OSError, http.client.HTTPException):
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def body_for(i: int, long_every: int) -> str:
    base = f"crash test {i}"
    if long_every and i % long_every == 0:
        # 2 or 3 parts of GSM-7 (153 characters each after the concatenation header).
        words = " ".join(f"w{i}-{k}" for k in range(60 if i % (2 * long_every) else 90))
        return f"{base} {words}"
    return base


class Poster:
    """Posts messages from several client threads until `target` were accepted.

    A post that got no answer (the gateway died under it) is never repeated with the same recipient: the
    message may or may not have been stored, and the test must be able to tell a resend from a new message.
    """

    def __init__(self, port: int, target: int, clients: int, long_every: int):
        self.port, self.target, self.long_every = port, target, long_every
        self.lock = threading.Lock()
        self.next_index = 0
        self.accepted: dict[int, str] = {}  # index -> id
        self.unanswered: list[int] = []
        self.rejected: list[tuple[int, int, object]] = []
        self.in_flight = 0
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(clients)]

    def take(self) -> int | None:
        with self.lock:
            if len(self.accepted) + self.in_flight >= self.target:
                return None
            i = self.next_index
            self.next_index += 1
            self.in_flight += 1
            return i

    def run(self) -> None:
        conn = None
        while True:
            i = self.take()
            if i is None:
                return
            payload = json.dumps({"to": f"+{NUMBER_BASE + i}", "body": body_for(i, self.long_every)}).encode()
            outcome = None
            try:
                if conn is None:
                    conn = self.connect()
                conn.request("POST", "/api/v1/messages", body=payload,
                             headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
                r = conn.getresponse()
                data = r.read()
                if r.status == 202:
                    outcome = ("ok", json.loads(data)["id"])
                else:
                    outcome = ("rejected", (r.status, data[:300]))
            except (OSError, http.client.HTTPException):
                outcome = ("unanswered", None)
                if conn is not None:
                    conn.close()
                conn = None
                time.sleep(0.05)
            with self.lock:
                self.in_flight -= 1
                if outcome[0] == "ok":
                    self.accepted[i] = outcome[1]
                elif outcome[0] == "rejected":
                    self.rejected.append((i, *outcome[1]))
                else:
                    self.unanswered.append(i)

    def connect(self) -> http.client.HTTPConnection:
        """A connection to the gateway, waiting while it is down: a refused connection carried no request, so
        the message about to be posted keeps its recipient."""
        while True:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                conn.connect()
                return conn
            except ConnectionRefusedError:
                conn.close()
                time.sleep(0.05)

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def done(self) -> bool:
        return not any(t.is_alive() for t in self.threads)


def list_all(port: int, deadline: float) -> list[dict]:
    items, cursor = [], None
    while True:
        path = "/api/v1/messages?limit=500" + (f"&cursor={cursor}" if cursor else "")
        page = api_retry(port, "GET", path, deadline)
        items.extend(page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            return items


def counts(port: int, deadline: float) -> Counter:
    try:
        s = api_retry(port, "GET", "/api/v1/stats", deadline)
        return Counter({k: v for k, v in s["by_status"].items()})
    except RuntimeError:  # an older binary without /api/v1/stats
        return Counter(m["status"] for m in list_all(port, deadline))


# ---------------------------------------------------------------------------------------------------------------
# The test
# ---------------------------------------------------------------------------------------------------------------

def restart(gw: Gateway, after: str, violations: list[str], attempts: int = 5) -> float:
    """Starts the gateway again after a kill. A start that fails is a violation (the operator's service manager
    would have to step in), but the test goes on with further attempts so the ledgers can still be judged."""
    t0 = time.time()
    for attempt in range(1, attempts + 1):
        try:
            gw.start()
            return time.time() - t0
        except RuntimeError as e:
            log_file = gw.work / f"gateway{gw.starts - 1}.log"
            text = re.sub(r"\x1b\[[0-9;]*m", "", log_file.read_text(errors="replace"))
            last = [ln for ln in text.splitlines() if ln.strip()][-1:]
            violations.append(f"after {after}, start attempt {attempt} failed: {e}: "
                              f"{last[0] if last else ''}")
            log(f"after {after}, start attempt {attempt} failed: {last[0] if last else e}")
            time.sleep(1)
    raise RuntimeError(f"the gateway did not start again after {after} in {attempts} attempts")


def judge(messages: list[dict], stats: Counter, ledgers: list[Path], accepted: dict[int, str], long_every: int,
          modems: int, kills: int, binary: str | None = None) -> tuple[list[str], dict]:
    """Checks the store (as the API lists it) against the simulators' ledgers; returns violations and tally."""
    violations: list[str] = []
    by_index: dict[int, dict] = {}
    for m in messages:
        i = int(m["to"].lstrip("+")) - NUMBER_BASE
        if i in by_index:
            violations.append(f"two stored messages for recipient {m['to']}: {by_index[i]['id']} and {m['id']}")
        by_index[i] = m
    status = Counter(m["status"] for m in messages)
    if sum(stats.values()) != len(messages):
        violations.append(f"/api/v1/stats counts {sum(stats.values())} messages, the list has {len(messages)}")

    # Ledger: (index, part) -> [(modem, line)]
    sent_parts: dict[tuple[int, int], list] = defaultdict(list)
    part_text: dict[tuple[int, int], str | None] = {}
    part_total: dict[int, int] = {}
    unknown = []
    ledger_lines = 0
    for k, path in enumerate(ledgers):
        if not path.exists():
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if not line.strip():
                continue
            ledger_lines += 1
            entry = json.loads(line)
            p = parse_submit(entry["pdu"])
            i = int(p["number"].lstrip("+")) - NUMBER_BASE
            seq = p["concat"][2] if p["concat"] else 1
            if p["concat"]:
                part_total[i] = p["concat"][1]
            sent_parts[(i, seq)].append((f"modem{k}", n, entry.get("at")))
            part_text[(i, seq)] = p["text"]
            if i not in by_index:
                unknown.append((p["number"], f"ledger{k}.jsonl:{n}"))

    # Cross-check the parser above against the gateway's own decoder on a few PDUs.
    sample = []
    for path in ledgers if binary else []:
        if path.exists():
            lines = [ln for ln in path.read_text().splitlines() if ln.strip()]
            sample += lines[:3] + [ln for ln in lines if "050003" in json.loads(ln)["pdu"]][:2]
    for line in sample:
        hexpdu = json.loads(line)["pdu"]
        out = subprocess.run([binary, "pdu", "decode", hexpdu], capture_output=True, text=True)
        mine = parse_submit(hexpdu)
        try:
            theirs = json.loads(out.stdout)
        except json.JSONDecodeError:
            violations.append(f"`simgate pdu decode` cannot read ledger PDU {hexpdu}: {out.stderr.strip()}")
            continue
        cc = theirs.get("concat")
        if (theirs["destination"]["number"] != mine["number"] or theirs.get("text") != mine["text"]
                or bool(cc) != bool(mine["concat"])
                or (cc and (cc["total"], cc["seq"]) != tuple(mine["concat"][1:]))):
            violations.append(f"harness parser disagrees with `simgate pdu decode` on {hexpdu}")

    seqs_of: dict[int, list[int]] = defaultdict(list)
    for (j, seq) in sent_parts:
        seqs_of[j].append(seq)
    duplicates = {key: where for key, where in sent_parts.items() if len(where) > 1}
    for (i, seq), where in sorted(duplicates.items())[:20]:
        m = by_index.get(i, {})
        violations.append(f"sent twice: message {m.get('id', '?')} (+{NUMBER_BASE + i}, status {m.get('status')}) "
                          f"part {seq} in " + ", ".join(f"{mod} line {n} at {at}" for mod, n, at in where))
    if len(duplicates) > 20:
        violations.append(f"... and {len(duplicates) - 20} more parts sent twice")
    for number, where in unknown[:10]:
        violations.append(f"a PDU to {number} ({where}) belongs to no stored message")

    lost = []
    for i, mid in sorted(accepted.items()):
        m = by_index.get(i)
        if m is None:
            lost.append(f"accepted message {mid} (+{NUMBER_BASE + i}) is not in the store")
        elif m["id"] != mid:
            lost.append(f"+{NUMBER_BASE + i}: accepted as {mid}, stored as {m['id']}")
    for i, m in sorted(by_index.items()):
        expected = body_for(i, long_every)
        if m["body"] != expected:
            violations.append(f"message {m['id']} body changed: {m['body']!r}")
        have = sorted(seqs_of.get(i, []))
        segs = m["segments"]
        if m["status"] in ("sent", "delivered"):
            if have != list(range(1, segs + 1)):
                lost.append(f"message {m['id']} (+{NUMBER_BASE + i}) is {m['status']} with {segs} part(s) but "
                            f"the ledgers hold part(s) {have}")
            else:
                text = "".join(part_text[(i, s)] or "" for s in have)
                if text != expected:
                    violations.append(f"message {m['id']}: the ledgers' text {text!r} is not the body {expected!r}")
        elif m["status"] in ("queued", "scheduled", "failed", "cancelled", "expired") and have:
            # Parts on the air while the store says none went (or will go again): a resend waiting to happen.
            violations.append(f"message {m['id']} (+{NUMBER_BASE + i}) is {m['status']} but part(s) {have} "
                              f"are in the ledgers")
        if segs > 1 and i in part_total and part_total[i] != segs:
            violations.append(f"message {m['id']}: {segs} segments stored, PDUs say {part_total[i]}")
    violations += lost[:20]
    if len(lost) > 20:
        violations.append(f"... and {len(lost) - 20} more lost")

    if status["sending"]:
        ids = [m["id"] for m in messages if m["status"] == "sending"][:5]
        violations.append(f"{status['sending']} message(s) stuck in sending, e.g. {ids}")
    if status["failed"]:
        reasons = Counter(m.get("error") for m in messages if m["status"] == "failed")
        violations.append(f"{status['failed']} message(s) failed: {dict(reasons)}")
    bound = modems * kills
    if status["uncertain"] > bound:
        violations.append(f"{status['uncertain']} uncertain > modems x kills = {bound}")
    # An uncertain message either went out (its PDU is in a ledger) or died before the modem took it; both are
    # allowed, the split shows how often the user is asked about a message that never left.
    uncertain_out = sum(1 for i, m in by_index.items() if m["status"] == "uncertain" and i in seqs_of)
    tally = {"status": status, "by_index": by_index, "ledger_lines": ledger_lines, "duplicates": len(duplicates),
             "lost": len(lost), "uncertain_out": uncertain_out, "bound": bound}
    return violations, tally


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=int(os.environ.get("CRASH_MESSAGES", 2000)))
    ap.add_argument("--kills", type=int, default=int(os.environ.get("CRASH_KILLS", 10)))
    ap.add_argument("--modems", type=int, default=int(os.environ.get("CRASH_MODEMS", 3)))
    ap.add_argument("--latency", type=int, default=int(os.environ.get("CRASH_LATENCY_MS", 4)),
                    help="simulated modem answer delay in ms (an AT+CMGS takes five times as long)")
    ap.add_argument("--clients", type=int, default=4, help="concurrent HTTP clients posting")
    ap.add_argument("--long-every", type=int, default=10, help="every n-th message is multipart (0: none)")
    ap.add_argument("--seed", type=int, default=int(os.environ.get("CRASH_SEED", 0)) or None)
    ap.add_argument("--drain-timeout", type=float, default=180, help="seconds without progress before giving up")
    ap.add_argument("--bin", default=os.environ.get("SIMGATE_BIN", "target/debug/simgate"))
    ap.add_argument("--keep", action="store_true", help="keep the work directory even when the test passes")
    args = ap.parse_args()
    if args.modems < 1 or args.messages < 1 or args.kills < 0:
        ap.error("need at least one modem and one message")

    seed = args.seed or random.SystemRandom().randrange(1, 2**31)
    rng = random.Random(seed)
    binary = shutil.which(args.bin) or str(Path(args.bin).resolve())
    if not os.access(binary, os.X_OK):
        print(f"setup: {binary} is not an executable (build it with `cargo build -p simgate`)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="simgate-crash-"))
    log(f"crash test: {args.messages} messages, {args.kills} kills, {args.modems} modems, "
        f"modem latency {args.latency} ms (+CMGS {5 * args.latency} ms), seed {seed}, work dir {work}")

    sims = Simulators(binary, work, args.modems, args.latency)
    gw = Gateway(binary, work, free_port(), sims.links)
    t_start = time.time()
    violations: list[str] = []
    kills_done = 0
    try:
        gw.start()
        poster = Poster(gw.port, args.messages, args.clients, args.long_every)
        poster.start()

        # The kills are spread over the time the remaining work should take, re-estimated before each one from
        # the pace measured so far (restarts included); before any progress, from the modems' latency: a part
        # costs an AT+CMGS (5 x latency) plus the driver's other commands and the store's updates.
        per_msg = (1 + (1.25 / args.long_every if args.long_every else 0)) * (7 * args.latency + 25) / 1000
        t_first, done_first = None, 0
        for k in range(args.kills):
            # Counting also waits out a restarted gateway's first moments, so the delay below is working time.
            c = counts(gw.port, time.time() + 30)
            done = sum(c.values()) - c["queued"] - c["sending"]
            if t_first is None:
                t_first, done_first = time.time(), done
            elif done - done_first >= max(20, args.messages // 20):
                per_msg = (time.time() - t_first) / (done - done_first) * args.modems
            with poster.lock:
                unposted = args.messages - len(poster.accepted)
            remaining = (c["queued"] + c["sending"] + unposted) * per_msg / args.modems
            gap = max(0.3, remaining / (args.kills - k + 0.5))
            if k == 0 and args.kills > 1:
                # The first kill lands while clients are still posting, so answers in flight die with the
                # gateway: every 202 must have been durable, and nothing half-accepted may be sent twice.
                aim = int(args.messages * rng.uniform(0.2, 0.8))
                while not poster.done():
                    with poster.lock:
                        if len(poster.accepted) >= aim:
                            break
                    time.sleep(0.005)
            else:
                # Never past the end of the work: a kill of an idle gateway tests nothing. Cut the wait short
                # when little more is left than one message per modem for each kill still to come.
                until = time.time() + min(rng.uniform(0.05, 2 * gap), max(0.05, 0.8 * remaining))
                while time.time() < until:
                    time.sleep(min(0.25, max(0.0, until - time.time())))
                    c = counts(gw.port, time.time() + 30)
                    with poster.lock:
                        unposted = args.messages - len(poster.accepted)
                    if c["queued"] + c["sending"] + unposted <= (args.kills - k) * args.modems:
                        break
            sims.check_alive()
            c = counts(gw.port, time.time() + 30)
            gw.kill9()
            kills_done += 1
            took = restart(gw, f"kill {kills_done}", violations)
            log(f"kill {kills_done}/{args.kills}: before it queued={c['queued']} sending={c['sending']} "
                f"sent={c['sent']} uncertain={c['uncertain']}; restarted in {took:.2f} s")

        while not poster.done():
            time.sleep(0.1)
        log(f"posting done: {len(poster.accepted)} accepted, {len(poster.unanswered)} unanswered, "
            f"{len(poster.rejected)} rejected")

        # Drain: wait until nothing is queued or sending, failing if nothing moves for too long.
        last, last_change = None, time.time()
        while True:
            sims.check_alive()
            c = counts(gw.port, time.time() + 10)
            pending = c["queued"] + c["sending"]
            if pending == 0:
                break
            if pending != last:
                last, last_change = pending, time.time()
            elif time.time() - last_change > args.drain_timeout:
                violations.append(f"queue did not drain: {c['queued']} queued and {c['sending']} sending "
                                  f"unchanged for {args.drain_timeout:.0f} s")
                break
            time.sleep(0.2)
        t_drained = time.time()

        messages = list_all(gw.port, time.time() + 30)
        stats = counts(gw.port, time.time() + 10)
        exit_code = gw.stop()
        if exit_code not in (0, None):
            violations.append(f"gateway exited with {exit_code} on SIGTERM")

        # One more start after a clean stop: nothing may go out again (an uncertain message is never resent on
        # its own) and no message may change state.
        before = [sum(1 for ln in p.read_text().splitlines() if ln.strip()) if p.exists() else 0
                  for p in sims.ledgers]
        restart(gw, "the clean stop", violations)
        time.sleep(3)
        again = {m["id"]: m["status"] for m in list_all(gw.port, time.time() + 30)}
        gw.stop()
        after = [sum(1 for ln in p.read_text().splitlines() if ln.strip()) if p.exists() else 0
                 for p in sims.ledgers]
        if after != before:
            violations.append(f"a clean restart after the drain sent again: ledger lines {before} -> {after}")
        # A delivery report arriving late may still move `sent` to `delivered`: that is the network's news, not a
        # resend. Any other change is a violation.
        changed = [(m["id"], m["status"], again.get(m["id"])) for m in messages
                   if again.get(m["id"]) != m["status"]
                   and (m["status"], again.get(m["id"])) != ("sent", "delivered")]
        if changed:
            violations.append(f"{len(changed)} message(s) changed state over a clean restart, e.g. {changed[:5]}")
        sims.check_alive()
    except RuntimeError as e:
        print(f"\nFAIL: {e}; work dir kept: {work}")
        for v in violations:
            print(f"  - {v}")
        return 1
    finally:
        if gw.proc is not None and gw.proc.poll() is None:
            gw.proc.kill()
            gw.proc.wait()
        sims.stop()

    found, t = judge(messages, stats, sims.ledgers, poster.accepted, args.long_every, args.modems, kills_done, binary)
    violations += found
    status, by_index, bound, uncertain_out = t["status"], t["by_index"], t["bound"], t["uncertain_out"]
    unacked_stored = sum(1 for i in poster.unanswered if i in by_index)

    print()
    print("crash test tally")
    print(f"  accepted     {len(poster.accepted):6d}   (+{len(poster.unanswered)} posts unanswered while the "
          f"gateway was down or dying, {unacked_stored} of them stored anyway; {len(poster.rejected)} rejected)")
    print(f"  stored       {len(messages):6d}")
    for s in ("sent", "uncertain", "failed", "queued", "sending"):
        extra = (f"   (bound: {args.modems} modems x {kills_done} kills = {bound}; {uncertain_out} of them "
                 f"reached a modem)") if s == "uncertain" else ""
        print(f"  {s:12s} {status[s]:6d}{extra}")
    for s, n in sorted(status.items()):
        if s not in ("sent", "uncertain", "failed", "queued", "sending"):
            print(f"  {s:12s} {n:6d}")
    print(f"  ledger PDUs  {t['ledger_lines']:6d}")
    print(f"  duplicates   {t['duplicates']:6d}")
    print(f"  lost         {t['lost']:6d}")
    print(f"  kills        {kills_done:6d}")
    print(f"  time         {t_drained - t_start:6.1f} s   (seed {seed})")
    for rej in poster.rejected[:5]:
        print(f"  rejected post: {rej}")
    if violations:
        print()
        print(f"FAIL: {len(violations)} violation(s); work dir kept: {work}")
        for v in violations:
            print(f"  - {v}")
        return 1
    if poster.rejected:
        print(f"FAIL: {len(poster.rejected)} post(s) rejected; work dir kept: {work}")
        return 1
    print("PASS: nothing sent twice, nothing lost, nothing stuck")
    if args.keep:
        print(f"work dir: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 - a harness error must not look like a pass or a violation
        print(f"crash test could not run: {e}", file=sys.stderr)
        sys.exit(2)
