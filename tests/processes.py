"""Programs the reliability and deployment tests run (redis-server, nginx, pg_dump): found
on PATH, or the test is skipped outside CI and fails in CI, where .ci/run installs them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis


def require(program: str, package: str) -> str:
    """The program's path; skips the test when it is missing, except in CI."""
    # nginx is in /usr/sbin, which not every PATH has.
    path = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
    if path is None:
        reason = f"{program} is not installed (apt-get install {package})"
        if os.environ.get("CI"):
            pytest.fail(f"must run in CI: {reason}")
        pytest.skip(reason)
    return path


def free_port() -> int:
    """A loopback port nothing listens on (the kernel's pick, released at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dead_redis_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"


def project_cache(url: str, **options) -> dict:
    """CACHES for override_settings: the project's Redis backend at `url`."""
    return {"default": {"BACKEND": "nipa_reviews.cache.RedisCache", "LOCATION": url, **options}}


class RedisServer:
    """A redis-server of the test's own on a free port, configured as production's should be:
    a memory limit, least-recently-used eviction, nothing written to disk."""

    def __init__(self, directory: Path):
        self.program = require("redis-server", "redis-server")
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = self.directory / f"redis-{self.port}.log"
        options = {
            "port": str(self.port),
            "bind": "127.0.0.1",
            "maxmemory": "64mb",
            "maxmemory-policy": "allkeys-lru",
            "save": "",
            "appendonly": "no",
            "dir": str(self.directory),
            "logfile": str(log),
        }
        args = [self.program]
        for name, value in options.items():
            args += [f"--{name}", value]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=1)
        # Until it answers, or until it exits (a port taken, a bad option): it does one or
        # the other at once, so the loop needs no deadline of its own.
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None:
                    pytest.fail(f"redis-server did not start: {log.read_text()}")
                time.sleep(0.02)
        client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()
        self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)
