"""Deploy fixtures: Debian's Varnish started on 127.0.0.1 with deploy/varnish.vcl, in front of
the live test server (tests marked `integration`; CI installs varnish)."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
# This project's test ports (8500-8599): one Varnish per xdist worker.
VARNISH_PORT = 8550
ADMIN_PORT = 8570


def worker_index():
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


def wait_for_port(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"varnishd exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


@pytest.fixture(scope="session")
def varnish(live_server, tmp_path_factory):
    """The shipped VCL, its backend pointed at the live server; yields Varnish's base URL."""
    if not os.path.exists(VARNISHD):
        pytest.skip("varnishd not installed (apt-get install varnish)")
    workdir = tmp_path_factory.mktemp("varnish")
    backend_port = live_server.thread.port
    vcl = VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";')
    assert f'.port = "{backend_port}"' in vcl, "the VCL's backend port is no longer 8000"
    (workdir / "evnews.vcl").write_text(vcl)
    port, admin = VARNISH_PORT + worker_index(), ADMIN_PORT + worker_index()
    log = (workdir / "varnishd.log").open("wb")
    process = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(workdir / "state"),
         "-a", f"127.0.0.1:{port}", "-T", f"127.0.0.1:{admin}",
         "-f", str(workdir / "evnews.vcl"), "-s", "malloc,32m"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
