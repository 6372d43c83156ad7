"""What the scale benchmarks share: a scratch PostgreSQL database, the Django setup against
it, and reading a process' peak memory."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
SECRET_KEY = "bench-only-secret-key-not-used-anywhere-else-0123456789abcdefghij"


def environment(database: str, **extra) -> dict:
    """Production settings (DEBUG off) against the benchmark's database."""
    return {
        **os.environ,
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def create_database(database: str) -> None:
    """A fresh, migrated database (dropped first if a previous run left it)."""
    host = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *host, "--if-exists", "--force", database], check=True)
    subprocess.run(["createdb", *host, database], check=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR, env=environment(database), check=True,
    )  # fmt: skip


def drop_database(database: str) -> None:
    host = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *host, "--if-exists", "--force", database], check=True)


def setup_django(database: str) -> None:
    os.environ.update(environment(database))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def peak_rss_mb(pid: int) -> float:
    """The process' peak resident set size (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def serve(
    database: str, port: int, workers: int, app_dir: Path = BASE_DIR, **extra_env
) -> subprocess.Popen:
    """The app under gunicorn (sync workers, production settings plus bench/scale_settings.py)
    on 127.0.0.1:``port``, in a session of its own (stop it with os.killpg); returns once it
    listens. ``app_dir``: the checkout to serve (another revision's, to compare), with this
    checkout's bench/ modules."""
    env = environment(
        database,
        DJANGO_SETTINGS_MODULE="scale_settings",
        PYTHONPATH=f"{BASE_DIR / 'bench'}:{app_dir}",
        **extra_env,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=app_dir, env=env, start_new_session=True,
    )  # fmt: skip
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")
