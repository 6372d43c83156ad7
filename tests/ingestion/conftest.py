"""A real HTTP server on 127.0.0.1 for fetch tests, and the sample corpus."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings

SAMPLE_DIR = settings.SAMPLE_DATA_DIR / "kazakhstan-2022"
SAMPLE_METADATA = [
    json.loads(line)
    for line in (settings.SAMPLE_DATA_DIR / "kazakhstan-2022.sources.jsonl")
    .read_text()
    .splitlines()
]
GOLD = [
    json.loads(line)
    for line in (settings.SAMPLE_DATA_DIR / "kazakhstan-2022.gold.jsonl").read_text().splitlines()
]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering, to make a client time out


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append((self.path, self.headers.get("Host")))
        route = self.server.routes.get(self.path, Route(404, b"not found", "text/plain"))
        if route.delay:
            time.sleep(route.delay)
        try:
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer

    def log_message(self, *args):
        pass


class WebServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.routes = {}
        self.httpd.requests = []
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def requests(self):
        return self.httpd.requests

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.httpd.server_port}{path}"

    def route(self, path: str, **kwargs) -> str:
        self.httpd.routes[path] = Route(**kwargs)
        return self.url(path)


@pytest.fixture
def web_server():
    server = WebServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def allow_loopback(settings):
    """The one narrow exception to the private-address rule: tests reach 127.0.0.1."""
    settings.INGEST_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32", "::1/128"]
    settings.INGEST_FETCH_TIMEOUT = 1.0
    return settings


def article_html(title: str = "Minister warns of floods", paragraph_count: int = 3) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {n}: the river will rise by two metres before Friday, Environment "
        f"Minister Jana Novak said on Tuesday, and more rain is expected next week.</p>"
        for n in range(paragraph_count)
    )
    return (
        '<!doctype html><html lang="en"><head>'
        f"<title>{title} | Daily Example</title>"
        '<link rel="canonical" href="https://daily.example.org/news/floods">'
        '<meta property="og:site_name" content="Daily Example">'
        '<meta name="author" content="Petra Kos">'
        '<meta property="article:published_time" content="2022-01-08T10:00:00+00:00">'
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright Daily Example</footer></body></html>"
    ).encode()


NAV_ONLY_HTML = (
    b"<!doctype html><html><head><title>Daily Example</title></head><body><header>"
    b"<a href='/'>Daily Example</a><nav><ul><li><a href='/world'>World</a></li>"
    b"<li><a href='/politics'>Politics</a></li></ul></nav></header>"
    b"<footer><p>Copyright 2022 Daily Example.</p></footer></body></html>"
)


class DripServer:
    """A web server that sends its answer a few bytes at a time, never pausing long enough
    for a per-read timeout to fire: the headers (``drip="headers"``) or the body."""

    def __init__(self, drip: str, *, interval: float = 0.05, seconds: float = 4.0):
        import socket

        self.drip, self.interval, self.seconds = drip, interval, seconds
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.sent = 0
        self.finished = threading.Event()  # set when the whole answer went out
        self.cut_off = threading.Event()  # set when the client hung up before that
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/story"

    def _answer(self) -> tuple[bytes, bytes]:
        """The part sent at once and the part dripped, together lasting ``seconds``."""
        count = int(self.seconds / self.interval)
        if self.drip == "headers":
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Drip: " + b"x" * count
            return b"", head + b"\r\nContent-Length: 6\r\nConnection: close\r\n\r\nfloods"
        body = b"f" * count
        head = (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
        )
        return head, body

    def _serve(self):
        connection, _ = self.listener.accept()
        with connection:
            connection.recv(65536)  # the request
            at_once, dripped = self._answer()
            try:
                connection.sendall(at_once)
                for index in range(len(dripped)):
                    connection.sendall(dripped[index : index + 1])
                    self.sent += 1
                    time.sleep(self.interval)
                self.finished.set()
            except OSError:
                self.cut_off.set()

    def close(self):
        self.listener.close()
