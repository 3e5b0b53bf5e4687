#!/usr/bin/env python3
"""Checks that the crash test's judge catches what it is there to catch: a part sent twice, a sent message
missing from the ledgers, an accepted message missing from the store, a message stuck in `sending`, more
`uncertain` than modems x kills, a PDU nobody stored. The ledger PDUs are made by `simgate pdu encode`, so the
harness's SMS-SUBMIT parser is checked against the gateway's own encoder on the way.

Run: SIMGATE_BIN=target/debug/simgate python3 tests/crash/test_judge.py
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import crash_test as ct  # noqa: E402

BIN = os.environ.get("SIMGATE_BIN", "target/debug/simgate")
LONG_EVERY = 2  # messages 0, 2, 4 ... are multipart


def encode(i: int) -> list[str]:
    out = subprocess.run([BIN, "pdu", "encode", "--to", f"+{ct.NUMBER_BASE + i}", "--text",
                          ct.body_for(i, LONG_EVERY), "--report", "--reference", str(i)],
                         capture_output=True, text=True, check=True).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip()]


def message(i: int, status: str) -> dict:
    return {"id": f"id-{i}", "to": f"+{ct.NUMBER_BASE + i}", "body": ct.body_for(i, LONG_EVERY),
            "status": status, "segments": len(encode(i))}


class JudgeTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.ledgers = [Path(self.dir.name) / "ledger0.jsonl", Path(self.dir.name) / "ledger1.jsonl"]
        for p in self.ledgers:
            p.write_text("")

    def tearDown(self):
        self.dir.cleanup()

    def record(self, modem: int, pdus: list[str]):
        with self.ledgers[modem].open("a") as f:
            for k, pdu in enumerate(pdus):
                f.write(json.dumps({"pdu": pdu, "mr": k, "at": "2026-01-01T00:00:00Z"}) + "\n")

    def run_judge(self, messages, accepted=None, kills=1):
        stats = Counter(m["status"] for m in messages)
        accepted = accepted if accepted is not None else {int(m["id"][3:]): m["id"] for m in messages}
        return ct.judge(messages, stats, self.ledgers, accepted, LONG_EVERY, 2, kills, BIN)

    def test_clean_run_passes_and_parser_reads_multipart(self):
        self.assertGreater(len(encode(0)), 1, "message 0 must be multipart for this test")
        msgs = [message(i, "sent") for i in range(4)]
        self.record(0, encode(0) + encode(1))
        self.record(1, encode(2) + encode(3))
        violations, tally = self.run_judge(msgs)
        self.assertEqual(violations, [])
        self.assertEqual(tally["duplicates"], 0)
        self.assertEqual(tally["lost"], 0)

    def test_part_sent_twice_across_modems(self):
        msgs = [message(0, "sent"), message(1, "sent")]
        self.record(0, encode(0) + encode(1))
        self.record(1, encode(0)[1:2])  # part 2 of message 0 again, from the other modem
        violations, tally = self.run_judge(msgs)
        self.assertEqual(tally["duplicates"], 1)
        self.assertTrue(any("sent twice" in v and "part 2" in v for v in violations), violations)

    def test_single_part_resent_on_the_same_modem(self):
        msgs = [message(1, "uncertain")]
        self.record(0, encode(1) + encode(1))
        violations, tally = self.run_judge(msgs)
        self.assertEqual(tally["duplicates"], 1, violations)

    def test_sent_message_missing_a_part_is_lost(self):
        msgs = [message(0, "sent")]
        self.record(0, encode(0)[:1])
        violations, tally = self.run_judge(msgs)
        self.assertEqual(tally["lost"], 1)
        self.assertTrue(any("ledgers hold part(s) [1]" in v for v in violations), violations)

    def test_accepted_message_missing_from_store_is_lost(self):
        msgs = [message(1, "sent")]
        self.record(0, encode(1))
        violations, tally = self.run_judge(msgs, accepted={1: "id-1", 3: "id-3"})
        self.assertEqual(tally["lost"], 1)
        self.assertTrue(any("id-3" in v and "not in the store" in v for v in violations), violations)

    def test_stuck_in_sending(self):
        violations, _ = self.run_judge([message(1, "sending")])
        self.assertTrue(any("stuck in sending" in v for v in violations), violations)

    def test_uncertain_above_modems_times_kills(self):
        msgs = [message(i, "uncertain") for i in (1, 3, 5)]
        violations, _ = self.run_judge(msgs, kills=1)  # bound 2 x 1
        self.assertTrue(any("uncertain > modems x kills" in v for v in violations), violations)
        violations, _ = self.run_judge(msgs, kills=2)
        self.assertEqual(violations, [])

    def test_queued_message_already_on_the_air(self):
        msgs = [message(1, "queued")]
        self.record(1, encode(1))
        violations, _ = self.run_judge(msgs)
        self.assertTrue(any("is queued but part(s) [1]" in v for v in violations), violations)

    def test_pdu_for_no_stored_message(self):
        msgs = [message(1, "sent")]
        self.record(0, encode(1) + encode(7))
        violations, _ = self.run_judge(msgs)
        self.assertTrue(any("belongs to no stored message" in v for v in violations), violations)

    def test_wrong_text_on_the_air(self):
        msgs = [message(1, "sent")]
        msgs[0]["body"] = "crash test 1"
        other = subprocess.run([BIN, "pdu", "encode", "--to", f"+{ct.NUMBER_BASE + 1}", "--text", "crash test 9"],
                               capture_output=True, text=True, check=True).stdout.split()[1]
        self.record(0, [other])
        violations, _ = self.run_judge(msgs)
        self.assertTrue(any("is not the body" in v for v in violations), violations)

    def test_failed_message_is_a_violation(self):
        msgs = [dict(message(1, "failed"), error="+CMS ERROR 500")]
        violations, _ = self.run_judge(msgs)
        self.assertTrue(any("failed" in v for v in violations), violations)


if __name__ == "__main__":
    if not os.access(BIN, os.X_OK):
        sys.exit(f"{BIN} is not an executable: build it (cargo build -p simgate) or set SIMGATE_BIN")
    unittest.main()
