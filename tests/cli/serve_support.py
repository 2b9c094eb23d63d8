# SPDX-License-Identifier: MIT
"""What the tests of `carecompare serve` share (test_serve.py, test_replay_store.py): a service
started on a loopback port the system picks, its log in a file."""
import os
import select
import signal
import subprocess
import time

CLI = os.environ["CARECOMPARE_CLI"]


class Server:
    """`carecompare serve --listen 127.0.0.1:0 --threads 2 ARGS`, its stderr in tmp_path/NAME.log."""

    def __init__(self, tmp_path, *args, name="serve"):
        self.log_path = tmp_path / f"{name}.log"
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen([CLI, "serve", "--listen", "127.0.0.1:0", "--threads", "2", *args],
                                     stdout=subprocess.PIPE, stderr=self.log, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 10)
        line = self.proc.stdout.readline() if ready else ""
        assert "listening on 127.0.0.1:" in line, (line, self.log_text())
        self.port = int(line.rsplit(":", 1)[1])

    def log_text(self):
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(encoding="utf-8")

    def wait_for_log(self, text, seconds=5):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.log_text():
                return
            time.sleep(0.02)
        raise AssertionError(f"{text!r} not in the log:\n{self.log_text()}")

    def stop(self):
        """SIGTERM; returns the exit status."""
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=10)
        self.close()
        return rc

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.close()

    def close(self):
        self.log.close()
        self.proc.stdout.close()
