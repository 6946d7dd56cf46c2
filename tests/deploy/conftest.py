"""Deploy fixtures: Debian's Varnish started on 127.0.0.1 with deploy/varnish.vcl, in front of
the live test server (tests marked `integration`; CI installs varnish)."""

import json
import os
import shutil
import sys
from pathlib import Path

import boto3
import pytest

from tests.servers import start, stop, worker_index

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
# This project's test ports (8500-8599): one Varnish per xdist worker.
VARNISH_PORT = 8550
ADMIN_PORT = 8570


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
    command = [
        VARNISHD, "-F", "-j", "none", "-n", str(workdir / "state"),
        "-a", f"127.0.0.1:{port}", "-T", f"127.0.0.1:{admin}",
        "-f", str(workdir / "evnews.vcl"), "-s", "malloc,32m",
        # Close idle backend connections before the live server times them out (2 s).
        "-p", "backend_idle_timeout=1",
    ]  # fmt: skip
    process = start(command, port, workdir / "varnishd.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


MOTO_PORT = 8530
S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "evnews-media",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME": "evnews-originals",
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}


@pytest.fixture(scope="session")
def moto_s3(tmp_path_factory):
    """moto's S3 server on 127.0.0.1 with the two buckets; yields the environment for
    evnews.s3.s3_storages (the endpoint included)."""
    port = MOTO_PORT + worker_index()
    logs = tmp_path_factory.mktemp("moto")
    moto = Path(sys.executable).parent / "moto_server"
    process = start([str(moto), "-H", "127.0.0.1", "-p", str(port)], port, logs / "moto.log")
    env = {**S3_ENV, "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
    client = boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name=env["AWS_S3_REGION_NAME"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    for bucket in (env["AWS_STORAGE_BUCKET_NAME"], env["AWS_PRIVATE_STORAGE_BUCKET_NAME"]):
        client.create_bucket(Bucket=bucket)
    # As in production: anyone may read the renditions' bucket; the originals' grants nothing.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{env['AWS_STORAGE_BUCKET_NAME']}/*"}],
    }  # fmt: skip
    client.put_bucket_policy(Bucket=env["AWS_STORAGE_BUCKET_NAME"], Policy=json.dumps(public_read))
    try:
        yield env
    finally:
        stop(process)
