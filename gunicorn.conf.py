"""gunicorn's settings, read from the working directory: the image's ``gunicorn
config.wsgi:application`` and the benchmarks' (bench/scale_common.py) both start there."""

# The app is imported once, before the workers fork, with its URLconf and templates
# (config/wsgi.py): a worker answers its first request as fast as its hundredth, and the
# workers share those pages of memory until they write to them.
preload_app = True


def pre_fork(server, worker):
    # Nothing the master opened may be shared with a worker: each opens its own connections.
    from django.db import connections

    connections.close_all()
