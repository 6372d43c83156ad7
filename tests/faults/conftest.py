"""Faults, tested for real: the app as a gunicorn process with production settings, its
database behind a TCP proxy the test can cut, management commands as subprocesses.

Everything the processes must see is committed (``transaction=True`` tests), and they reach
the test database itself: PostgreSQL by URL, SQLite by its file.
"""

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils.crypto import get_random_string

from tests.factories import UserFactory

PASSWORD = "a long enough password for the fault tests"
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "tests.server_settings",
    "DEBUG": "0",
    "SECRET_KEY": "fault-tests-only-" + "k" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "PYTHONUNBUFFERED": "1",
}


def database_url(*, port: int | None = None, name: str | None = None) -> str:
    """The URL of the test database (or of ``name`` beside it), optionally via another port."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name or db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{port or db['PORT'] or 5432}/{name or db['NAME']}"


def manage(*args, database: str, check=True) -> subprocess.CompletedProcess:
    """``manage.py ARGS`` as a subprocess with production settings against ``database``."""
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": database, "LOG_LEVEL": "WARNING"}
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), *args]
    return subprocess.run(command, env=env, check=check, capture_output=True, text=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TcpProxy:
    """Forwards 127.0.0.1:``port`` to ``target`` in threads.

    ``cut()`` closes every forwarded connection and stops listening, so new connections are
    refused, as when the database server goes down; ``restore()`` listens on the same port
    again. ``cut_on`` (bytes) cuts everything the moment a client sends them: a query cut off
    half-way through a transaction. ``stall()`` cuts, then accepts connections that are never
    answered, as a host that drops packets.
    """

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self.cut_on: bytes | None = None
        self.stalled = False
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._lock = threading.Lock()
        self.restore()

    def restore(self) -> None:
        self.cut()
        self.stalled = False
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            doomed, self._sockets = [*self._sockets, self._listener], set()
            self._listener = None
        for sock in doomed:
            if sock is not None:
                _close(sock)

    def stall(self) -> None:
        self.restore()
        self.stalled = True

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            with self._lock:
                self._sockets.add(client)
            if self.stalled:
                continue  # accepted, never answered
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._sockets.add(upstream)
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        try:
            while data := source.recv(65536):
                if from_client and self.cut_on and self.cut_on in data:
                    self.cut_on = None
                    self.cut()
                    return
                sink.sendall(data)
        except OSError:
            pass
        _close(source)
        _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # also wakes a thread blocked in accept() or recv()
    sock.close()


@pytest.fixture
def postgres_proxy():
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite is a file the app opens in its own process: there is no database server "
            "to lose, so the outage tests run on PostgreSQL only."
        )
    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    yield proxy
    proxy.cut()


class AppServer:
    """The app under gunicorn (one sync worker, production settings) on 127.0.0.1."""

    def __init__(self, database: str, log_path, **extra_env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **SERVER_ENV, "DATABASE_URL": database, **extra_env}
        self.log_path = log_path
        self.log = open(log_path, "w")  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
             f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "60"],
            cwd=settings.BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_path.read_text()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"gunicorn did not listen on {self.port}: {self.log_path.read_text()}")

    def login(self, username: str, password: str = PASSWORD) -> requests.Session:
        """A browser-like session signed in through the login form."""
        session = requests.Session()
        form = session.get(f"{self.url}/accounts/login/", timeout=20)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        response = session.post(
            f"{self.url}/accounts/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            timeout=20,
            allow_redirects=False,
        )
        assert response.status_code == 302, response.text
        return session

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


@pytest.fixture
def app_server(tmp_path):
    """``app_server(database_url, **env)`` starts a server; all are stopped after the test."""
    servers = []

    def start(database: str, **extra_env) -> AppServer:
        server = AppServer(database, tmp_path / f"gunicorn-{len(servers)}.log", **extra_env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def member(username: str, role: str):
    """A user the server processes can sign in as: the tests' fast password hasher is not one
    production settings accept, so the password is hashed as production hashes it."""
    user = UserFactory(username=username, role=role)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, get_random_string(22), iterations=1000)
    user.save(update_fields=["password"])
    return user
