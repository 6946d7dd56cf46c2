"""Starting and stopping the real servers the integration tests run (tests/deploy/)."""

import os
import socket
import subprocess
import time


def worker_index():
    """Which xdist worker this is (0 alone), plus EVNEWS_TEST_PORT_OFFSET: two suites at once
    (SQLite and PostgreSQL) keep their servers on different ports."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return worker + int(os.environ.get("EVNEWS_TEST_PORT_OFFSET", "0"))


def wait_for_port(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def start(command, port, log_path, env=None):
    """Start a server process logging to `log_path`; return it once `port` accepts."""
    log = open(log_path, "wb")  # noqa: SIM115 - closed by stop()
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    process.log = log
    try:
        wait_for_port(port, process)
    except BaseException:
        stop(process)
        raise
    return process


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log.close()
