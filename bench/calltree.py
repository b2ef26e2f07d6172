"""The call tree of a request, from py-spy's raw samples (`bench.run --profile … --profile-dir D`).

    python -m bench.calltree D/me-10000-ab12cd.spy [--min 0.01] [--root handle_request]
    python -m bench.calltree --layers D/*.spy

Each line is a function's share of the samples taken inside `--root` (by default: inside a
request, as the run's own table counts them), indented under its caller — where the table of
functions says how much, this says through which path. `--layers` sums each file's samples
into the layers a request passes through instead (bench/README.md, "What remains").
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

_FRAME = re.compile(r"(?P<name>.*) \((?P<file>.*?)(:\d+)?\)$")


def _short(frame: str) -> str:
    match = _FRAME.match(frame.strip())
    if not match:
        return frame
    file = re.sub(r".*site-packages/", "", match["file"])
    file = re.sub(r".*/(service|bench|tests)/", r"\1/", file)
    return f"{match['name']} ({file})"


def tree(lines: list[str], root: str) -> tuple[dict[tuple[str, ...], int], int]:
    """Samples per call path from `root` down, and the samples inside `root` in all."""
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    total = 0
    for line in lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if not count.isdigit() or root not in stack:
            continue
        frames = [_short(f) for f in stack.split(";")]
        start = next(i for i, frame in enumerate(frames) if root in frame)
        path = tuple(frames[start:])
        total += int(count)
        for depth in range(1, len(path) + 1):
            counts[path[:depth]] += int(count)
    return counts, total


def render(counts: dict[tuple[str, ...], int], total: int, minimum: float) -> list[str]:
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for path in counts:
        children[path[:-1]].append(path)
    out: list[str] = []
    pending = [((), -1)]
    while pending:
        path, depth = pending.pop()
        if path:
            out.append(f"{counts[path] / total:6.1%} {'  ' * depth}{path[-1]}")
        shown = [c for c in sorted(children[path], key=lambda c: counts[c]) if counts[c] / total >= minimum]
        pending.extend((child, depth + 1) for child in shown)
    return out


# A sample inside one of these belongs to it whatever it calls (the rate limit's own statements
# are the rate limit's cost) ...
_ENCLOSING = (
    ("verify_access_token", "access token check"),  # first: the rate limit checks it for the view
    ("Limiter._check_request_limit", "rate limit"),
    ("commit_request", "commit"),
    ("log_and_echo", "access line"),
)
# ... otherwise to the innermost of these on its stack.
_INNERMOST = (
    ("AnjuFlask.dispatch_request", "Anju's own Python"),
    ("Schema.load", "marshmallow load"),
    ("Schema.dump", "marshmallow dump"),
    ("Session.connection", "session and pool checkout"),
    ("Session.flush", "ORM unit of work (flush)"),
    ("Session.get", "SQL (SQLAlchemy + PyMySQL)"),
    ("Session.execute", "SQL (SQLAlchemy + PyMySQL)"),
    ("Session.scalars", "SQL (SQLAlchemy + PyMySQL)"),
    ("Session.scalar", "SQL (SQLAlchemy + PyMySQL)"),
    ("Connection.execute", "SQL (SQLAlchemy + PyMySQL)"),
)


def layers(lines: list[str], root: str) -> tuple[dict[str, int], int]:
    """Samples per layer (the rest: gunicorn, werkzeug and Flask around the view)."""
    shares: dict[str, int] = defaultdict(int)
    total = 0
    for line in lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if not count.isdigit() or root not in stack:
            continue
        frames = stack.split(";")
        layer = next((name for marker, name in _ENCLOSING if any(marker in f for f in frames)), None)
        if layer is None:
            layer = "gunicorn + werkzeug + Flask"
            for frame in frames:
                layer = next((name for marker, name in _INNERMOST if marker in frame), layer)
        shares[layer] += int(count)
        total += int(count)
    return shares, total


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.calltree", description=__doc__.split("\n\n")[0])
    parser.add_argument("samples", type=Path, nargs="+", help="raw py-spy files (one, but for --layers)")
    parser.add_argument("--min", type=float, default=0.01, help="smallest share shown (default 0.01)")
    parser.add_argument("--root", default="handle_request", help="count only samples inside this function")
    parser.add_argument("--layers", action="store_true", help="each file's share per layer, one line a file")
    args = parser.parse_args()
    if args.layers:
        for path in args.samples:
            shares, total = layers(path.read_text(errors="replace").splitlines(), args.root)
            ranked = sorted(shares.items(), key=lambda item: -item[1])
            print(f"{path.name}: " + ", ".join(f"{name} {n / max(total, 1):.0%}" for name, n in ranked))
        return
    counts, total = tree(args.samples[0].read_text(errors="replace").splitlines(), args.root)
    if not total:
        raise SystemExit(f"no samples inside {args.root}")
    print("\n".join(render(counts, total, args.min)))
    print(f"{total} samples")


if __name__ == "__main__":
    main()
