"""Shared by the benchmark scripts: throwaway databases, a gunicorn server
in a separate process, and a small HTTP client that signs in and posts
forms like a browser."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_SOCKET_DIR = os.environ.get("PG_SOCKET_DIR", "/var/run/postgresql")
PG_ADMIN_URL = os.environ.get("SELFASSESS_BENCH_PG_ADMIN_URL", f"postgresql+psycopg:///postgres?host={PG_SOCKET_DIR}")
SECRET = "bench-secret-key-not-for-production-" + "x" * 16


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def database(kind: str):
    """A fresh, empty database URL of this kind, removed afterwards."""
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="selfassess-bench-")
        yield f"sqlite:///{folder}/bench.sqlite"
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)
        return
    name = f"selfassess_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.replace("/postgres?", f"/{name}?")
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def app_env(url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SELFASSESS_SECRET_KEY": SECRET,
        "SELFASSESS_ENV": "production",
        "SELFASSESS_MAIL_BACKEND": "memory",
        # The benchmark signs in many people from one address.
        "SELFASSESS_SIGN_IN_LIMIT": "100000 per minute",
        # Production keeps the sign-in limits where every worker sees them
        # (it refuses memory); a Redis database the tests do not use.
        "SELFASSESS_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/12",
        "SELFASSESS_BASE_URL": "https://selfassess.example.scot",
        **extra,
    }


def migrate_and(url: str, script: str) -> str:
    """Migrate the database, then run a snippet of Python inside the app context; returns its output."""
    code = (
        "from selfassess import create_app\n"
        "from flask_migrate import upgrade\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    upgrade()\n" + "".join(f"    {line}\n" for line in script.splitlines())
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=app_env(url), cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout


@contextlib.contextmanager
def gunicorn(
    app_spec: str, env: dict[str, str], workers: int = 4, port: int | None = None, extra: list[str] | None = None
):
    """A gunicorn server in its own process; its log goes to a file (a pipe
    nobody reads would fill up and stall the workers)."""
    port = port or free_port()
    log = tempfile.NamedTemporaryFile(prefix="selfassess-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            *(extra or []),
            app_spec,
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {Path(log.name).read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status in (200, 404):
                break
        except OSError:
            time.sleep(0.2)
    try:
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        os.unlink(log.name)


class Browser:
    """One person's keep-alive connection with cookies, like a browser tab."""

    def __init__(self, base: str, timeout: float = 30, reconnect: bool = True) -> None:
        """``reconnect``: send a request again on a fresh connection when the
        kept-alive one turns out closed; off where every failure must show."""
        self.reconnect = reconnect
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def request(self, method: str, path: str, form: dict | list | None = None, headers: dict | None = None):
        body = urlencode(form, doseq=True) if form is not None else None
        all_headers = {"Accept-Encoding": "gzip", **(headers or {})}
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=all_headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                if attempt or not self.reconnect:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        if response.headers.get("Content-Encoding") == "gzip":
            import gzip

            data = gzip.decompress(data)
        return response.status, response.headers, data

    def get(self, path: str):
        return self.request("GET", path)

    def csrf(self, html: bytes) -> str:
        found = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
            rb'value="([^"]+)"[^>]*name="csrf_token"', html
        )
        if not found:
            raise RuntimeError("no CSRF token on the page")
        return found.group(1).decode()

    def sign_in(self, email: str, password: str) -> None:
        _status, _headers, html = self.get("/sign-in")
        status, _headers, _ = self.request(
            "POST", "/sign-in", {"email": email, "password": password, "csrf_token": self.csrf(html)}
        )
        if status != 302:
            raise RuntimeError(f"sign-in as {email} failed ({status})")


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2))
