"""gunicorn settings for Anju: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Sync workers, two per core (4 on the 2-core machines here), one thread each, chosen by
measurement (`python -m bench.run --compare-gunicorn`, two runs on 2026-11-24 at 10k cases, wrk
-c32 on the same 2 cores as gunicorn and MariaDB; tables in bench/README.md):

- Every request is CPU-bound Python between short MariaDB round trips. On 2 cores shared with
  MariaDB, no setting beat another by more than the run-to-run noise (+-30 % on this shared
  machine) in req/s as a share of L1 (GET /me 22-25 % of L1 with sync 4 or 5 workers).
- sync with 2 workers lost most when anything else took a core (GET /me 21-24 %, my cases
  9-15 %, writes half of sync 4's), since a worker waiting on MariaDB leaves a core idle.
- gthread (2x4 or 4x2 threads) raised no scenario consistently (2x4 gave GET /me 28-35 % of
  L1, partly because its own L1 was slower; nothing else) — the GIL serialises the Python
  part — and had the worst tails: p99 of the bare L1 reference up to 300 ms against 16-23 ms
  with sync workers, and +5 MB per worker.
- 5 sync workers matched 4 within noise, for one more worker's memory (about 90 MB peak RSS).

Revisit with `--compare-gunicorn` on production hardware: with more cores, keep 2 per core.
"""

import multiprocessing
import os
import sys

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
# gunicorn's control socket (for `gunicornc`) defaults to one fixed path per user, so a second
# instance on the host (staging beside production, the benchmarks' reference apps) would take
# over the first one's socket. Off unless an operator names a path for this instance.
control_socket = os.environ.get("ANJU_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


def post_fork(server, worker):
    # A pooled connection opened in the master must never be shared with a worker. Only when
    # the master preloaded Anju's app: the benchmark's reference apps (bench/reference_apps.py)
    # run with this same file and must not build an Anju app in every worker.
    wsgi = sys.modules.get("wsgi")
    if wsgi is not None:
        wsgi.app.extensions["anju.engine"].dispose(close=False)
