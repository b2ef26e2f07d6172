"""How long one formal notice takes to draw (service/notices/papers.py), font loading apart.

    .venv/bin/python -m bench.notices

Measured 2026-12 on the 2-core CI machine: reportlab 4.4 draws a refusal in 15–100 ms after
loading WenQuanYi Micro Hei once (~0.2 s per process; ~0.1 s and ~0.8 s with the
machine busy); fpdf2 2.8.9 took 1.7–2.1 s per paper
with the same font (it parses and subsets the 5 MB collection with fontTools every time), so
the notices stay on reportlab.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from service.notices import papers
from service.notices.rules import PaperFacts, PaperKind, content
from service.settings import DEFAULT_NOTICE_FONT

RUNS = 20


def main() -> None:
    said = content(
        PaperFacts(
            paper=PaperKind.REFUSAL,
            number="丰公户不受〔2026〕15号",
            addressee="王秀英",
            matter="户口迁移",
            office="丰都县公安局",
            county_name="丰都县",
            issued_on=date(2026, 3, 4),
            submitted_on=date(2026, 3, 2),
            reason="所填门牌号与安置协议不符，请核对后重新申请",
        )
    )
    font = Path(DEFAULT_NOTICE_FONT)
    started = time.perf_counter()
    papers.font(font)
    loaded = time.perf_counter()
    for _ in range(RUNS):
        papers.render(said, "https://anju.example.gov.cn/api/v1/notices/verify?number=x&hash=y", font)
    done = time.perf_counter()
    print(f"font loaded once: {loaded - started:.3f} s; one notice: {(done - loaded) / RUNS * 1000:.1f} ms")


if __name__ == "__main__":
    main()
