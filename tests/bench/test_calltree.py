"""bench.calltree reads py-spy's raw samples as bench/README.md's "What remains" quotes them:
only samples inside a request count, and a sample belongs to the layer that encloses it."""

from __future__ import annotations

from bench import calltree

REQUEST = "handle_request (gunicorn/workers/sync.py:1);Flask.wsgi_app (flask/app.py:2)"
VIEW = f"{REQUEST};AnjuFlask.dispatch_request (service/__init__.py:3)"
SAMPLES = [
    f"{VIEW};me (service/accounts/resident.py:4);Connection.execute (sqlalchemy/engine/base.py:5) 6",
    f"{VIEW};me (service/accounts/resident.py:4) 2",
    f"{REQUEST};Limiter._check_request_limit (flask_limiter/_extension.py:6);"
    "verify_access_token (service/security/tokens.py:7) 3",
    f"{REQUEST};Limiter._check_request_limit (flask_limiter/_extension.py:6);"
    "Connection.execute (sqlalchemy/engine/base.py:5) 1",
    "select (selectors.py:8) 50",  # an idle worker: not inside a request
]


def test_a_sample_counts_for_the_layer_that_encloses_it_and_idle_ones_not_at_all():
    shares, total = calltree.layers(SAMPLES, "handle_request")

    assert total == 12
    assert shares == {
        "SQL (SQLAlchemy + PyMySQL)": 6,
        "Anju's own Python": 2,
        "access token check": 3,
        "rate limit": 1,
    }


def test_the_tree_shows_each_path_under_its_caller_with_its_share():
    counts, total = calltree.tree(SAMPLES, "handle_request")
    lines = calltree.render(counts, total, minimum=0.1)

    assert lines[0] == "100.0% handle_request (gunicorn/workers/sync.py)"
    assert " 66.7%     AnjuFlask.dispatch_request (service/__init__.py)" in lines
    assert " 50.0%         Connection.execute (sqlalchemy/engine/base.py)" in lines
