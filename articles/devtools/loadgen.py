"""A bounded HTTP load generator, for when Debian's wrk is not installed.

Run as its own process (`python -m articles.devtools.loadgen URL --seconds 10 --connections 16`)
so that the server under load and the load never share an interpreter: each connection is a
thread keeping one HTTP/1.1 connection alive and sending GETs back to back until the time is up
(or `--max-requests` in all). Prints one JSON object: requests, errors, seconds, req/s, p50 ms.
"""

import argparse
import http.client
import json
import statistics
import threading
import time
import urllib.parse


def _worker(url, deadline, budget, lock, latencies, errors):
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    while time.monotonic() < deadline:
        with lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            (latencies if ok else errors).append(elapsed)
    connection.close()


def run(url, seconds, connections, max_requests):
    lock, latencies, errors = threading.Lock(), [], []
    budget = [max_requests]
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(target=_worker, args=(url, deadline, budget, lock, latencies, errors))
        for _ in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "seconds": round(elapsed, 3),
        "requests_per_second": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    options = parser.parse_args(argv)
    result = run(options.url, options.seconds, options.connections, options.max_requests)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
