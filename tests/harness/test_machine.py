"""The harness's expectations, on made-up serial logs (no QEMU): cursors, order, reports."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared"))
from harness.machine import Machine, ScenarioFailure  # noqa: E402

LOG = ["ipc_relay[5]: got endpoint 3 in a message from pid 4",
       "ipc_transfer[4]: sent endpoint 3 to pid 5",
       "ipc_transfer[4]: received \"hello\" from pid 5",
       "ipc_relay[5]: exiting",
       "run: ipc_transfer (pid 4) exited with code 0"]


def machine(lines, exit_code=33):
    """A machine whose QEMU already ended, having printed `lines`."""
    m = Machine(Path("final"), "selftest", Path("/tmp/rustoslinux-harness-selftest"))
    m.lines, m.exit_code = list(lines), exit_code
    return m


class Expect(unittest.TestCase):
    def test_expect_is_ordered(self):
        m = machine(LOG)
        m.expect(r"sent endpoint")
        with self.assertRaises(ScenarioFailure) as failure:
            m.expect(r"got endpoint")  # printed before the previous match
        self.assertIn("MISSING a line matching /got endpoint/", str(failure.exception))
        self.assertIn("GOOD ipc_transfer[4]: sent endpoint", str(failure.exception))

    def test_expect_all_takes_any_order_and_moves_past_the_last(self):
        m = machine(LOG)
        sent, got = m.expect_all([r"sent endpoint (\d+)", r"got endpoint (\d+)"])
        self.assertEqual((sent.group(1), got.group(1)), ("3", "3"))
        self.assertEqual(m.cursor, 2)
        m.expect(r"received")

    def test_expect_all_reports_every_missing_pattern(self):
        m = machine(LOG)
        with self.assertRaises(ScenarioFailure) as failure:
            m.expect_all([r"one", r"exiting", r"two"])
        report = str(failure.exception)
        self.assertIn("MISSING a line matching /one/", report)
        self.assertIn("MISSING a line matching /two/", report)
        self.assertIn("GOOD ipc_relay[5]: exiting", report)

    def test_expect_all_needs_a_line_per_pattern(self):
        with self.assertRaises(ScenarioFailure):
            machine(["ipc_relay[5]: exiting"]).expect_all([r"exiting", r"exit"])

    def test_source_cursor_follows_one_program_only(self):
        m = machine(LOG)
        m.expect(r"received", source="ipc_transfer")
        m.expect(r"got endpoint", source="ipc_relay")  # its own cursor: earlier lines are fine
        m.expect(r"exiting", source="ipc_relay[5]")
        self.assertEqual(m.cursor, 0)  # the whole-log cursor did not move
        with self.assertRaises(ScenarioFailure) as failure:
            m.expect(r"exited with code 0", source="ipc_relay")  # the runner's line, not the relay's
        self.assertIn("from ipc_relay", str(failure.exception))

    def test_source_needs_the_whole_name(self):
        self.assertTrue(Machine.from_source("ipc_relay[5]: x", "ipc_relay"))
        self.assertFalse(Machine.from_source("ipc_relay2[5]: x", "ipc_relay"))
        self.assertFalse(Machine.from_source("init: started as pid 1", "init"))

    def test_a_panic_fails_any_expectation(self):
        m = machine(["PANIC: out of kernel heap", "shutdown: pass"])
        with self.assertRaises(ScenarioFailure) as failure:
            m.expect_all([r"shutdown: pass"])
        self.assertIn("BAD  fatal line: PANIC", str(failure.exception))


if __name__ == "__main__":
    unittest.main()
