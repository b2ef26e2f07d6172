"""The call tree of a request, from py-spy's raw samples (`bench.run --profile … --profile-dir D`).

    python -m bench.calltree D/me-10000-ab12cd.spy [--min 0.01] [--root handle_request]

Each line is a function's share of the samples taken inside `--root` (by default: inside a
request, as the run's own table counts them), indented under its caller — where the table of
functions says how much, this says through which path.
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


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.calltree", description=__doc__.split("\n\n")[0])
    parser.add_argument("samples", type=Path, help="a raw py-spy file")
    parser.add_argument("--min", type=float, default=0.01, help="smallest share shown (default 0.01)")
    parser.add_argument("--root", default="handle_request", help="count only samples inside this function")
    args = parser.parse_args()
    counts, total = tree(args.samples.read_text(errors="replace").splitlines(), args.root)
    if not total:
        raise SystemExit(f"no samples inside {args.root}")
    print("\n".join(render(counts, total, args.min)))
    print(f"{total} samples")


if __name__ == "__main__":
    main()
