"""gunicorn settings for Anju: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Sync workers: every request is a short database round trip and the app holds no long
connections, so threads buy little under the GIL; two workers per core keep the CPU busy
while one waits on MariaDB. The numbers are to be confirmed by `make bench` (bench/README.md).
"""

import multiprocessing
import os

bind = os.environ.get("ANJU_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ANJU_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
threads = 1
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never take a worker down in office hours.
max_requests = 20000
max_requests_jitter = 2000
# Import the app once in the master: workers fork with it loaded (less memory, faster start).
preload_app = True
accesslog = None  # the app writes its own JSON access log with the request id
errorlog = "-"
loglevel = os.environ.get("ANJU_LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("ANJU_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    # A pooled connection opened in the master must never be shared with a worker.
    from wsgi import app

    app.extensions["anju.engine"].dispose(close=False)
