"""A real HTTP server on 127.0.0.1 serving feeds and articles, answering conditional GETs
with 304 and receiving webhooks; allowed the way an operator would, CLAIMTRAIL_FETCH_ALLOW."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append((self.path, dict(self.headers)))
        route = self.server.routes.get(self.path, Route(b"not found", "text/plain", 404))
        etag, since = route.headers.get("ETag"), route.headers.get("Last-Modified")
        if (etag and self.headers.get("If-None-Match") == etag) or (
            since and self.headers.get("If-Modified-Since") == since
        ):
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(route.body)))
        for name, value in route.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(route.body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.posts.append((self.path, dict(self.headers), body))
        self.send_response(self.server.post_status.pop(0) if self.server.post_status else 204)
        self.end_headers()

    def log_message(self, *args):
        pass


class Server:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.routes, self.httpd.requests, self.httpd.posts = {}, [], []
        self.httpd.post_status = []  # statuses the next webhook calls get (then 204)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def route(self, path: str, body, content_type="text/html; charset=utf-8", **kwargs) -> str:
        body = body.encode() if isinstance(body, str) else body
        self.httpd.routes[path] = Route(body, content_type, **kwargs)
        return self.url(path)

    def fetched(self, path: str) -> list[dict]:
        """The headers of each GET of ``path``."""
        return [headers for p, headers in self.httpd.requests if p == path]

    @property
    def posts(self):
        return self.httpd.posts


@pytest.fixture
def server():
    running = Server()
    running.thread.start()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


@pytest.fixture(autouse=True)
def allow_local_server(settings):
    # What config/settings.py makes of CLAIMTRAIL_FETCH_ALLOW=127.0.0.1/32 (tested apart).
    settings.INGEST_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.INGEST_FETCH_TIMEOUT = 2.0
    settings.MONITORING_HOST_INTERVAL = 0  # the rate limit has its own test
    return settings


def article(title: str, sentence: str) -> str:
    paragraphs = f"<p>{sentence}</p>" + "".join(
        f"<p>Paragraph {n} goes on about the weather in the valley, the roads and the town "
        "hall, as the reporters on the scene described them to the newsroom.</p>"
        for n in range(3)
    )
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title>'
        '<meta property="og:site_name" content="Daily Example"></head><body>'
        f"<article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def rss(items: list[tuple[str, str]], title="Daily Example") -> str:
    entries = "".join(
        f"<item><title>{name}</title><link>{link}</link></item>" for name, link in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.org/</link>{entries}</channel></rss>"
    )
