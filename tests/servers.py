"""A real ``disclint serve`` on a free loopback port, for the service's tests (a test module, not a test):
started as the command line starts it, in a process of its own, and spoken to over HTTP."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Answer:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Server:
    """``disclint serve --port P --data DATA OPTIONS…``; ``stop`` ends it (and its workers) by its own id."""

    def __init__(self, data: str, *options: str, port: int | None = None, env: dict | None = None):
        self.data, self.options, self.port = data, options, port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **(env or {})}
        self.process = None

    def start(self) -> Server:
        command = [sys.executable, "-m", "disclint", "serve", "--port", str(self.port), "--data", self.data, "--no-open",
                   *self.options]
        self.process = subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"disclint serve ended: {self.process.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("disclint serve did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, 15)  # its own session: the server and the workers it started
            self.process.wait(30)
        self.process = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                follow: bool = True) -> Answer:
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers or {})
        opener = urllib.request.build_opener(*(() if follow else (_NoRedirect,)))
        try:
            with opener.open(request, timeout=120) as answer:
                return Answer(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as answer:
            return Answer(answer.code, answer.headers, answer.read())

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, files: list[tuple[str, str, bytes]], headers: dict | None = None, **kwargs) -> Answer:
        """A multipart form of ``files``: (field, file name, bytes) each."""
        body, kind = multipart(files)
        return self.request("POST", path, body, {"Content-Type": kind, **(headers or {})}, **kwargs)

    def batch(self, files, headers: dict | None = None) -> str:
        """A batch sent through the API and waited for: its id."""
        answer = self.post("/api/batches", files, headers)
        assert answer.status == 201, answer.text
        batch = answer.json()["id"]
        for _ in range(600):
            if self.get(f"/api/batches/{batch}", headers=headers).json()["state"] == "done":
                return batch
            time.sleep(0.1)
        raise AssertionError("the batch was not checked in a minute")


def multipart(files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for field, name, data in files:
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
                     "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"
