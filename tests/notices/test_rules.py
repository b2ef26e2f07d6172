"""The papers' numbers, words and fingerprints, without a database."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from service.notices.rules import (
    PaperFacts,
    PaperKind,
    Series,
    content,
    content_sha256,
    notice_number,
    office_name,
    remedies,
    verification_url,
)


def facts(paper: PaperKind, **kwargs) -> PaperFacts:
    given = {
        "paper": paper,
        "number": "丰公户受〔2026〕15号",
        "addressee": "王秀英",
        "matter": "户口迁移",
        "office": "丰都县公安局",
        "county_name": "丰都县",
        "issued_on": date(2026, 3, 4),
        "submitted_on": date(2026, 3, 2),
        **kwargs,
    }
    return PaperFacts(**given)


def test_number_reads_county_department_matter_paper_year_and_sequence():
    assert notice_number("丰都县", "public_security", "户", PaperKind.ACCEPTANCE, 2026, 15) == "丰公户受〔2026〕15号"
    assert (
        notice_number("酉阳土家族苗族自治县", "civil_affairs", "救", PaperKind.REFUSAL, 2026, 1)
        == "酉民救不受〔2026〕1号"
    )


def test_numbers_start_at_one():
    with pytest.raises(ValueError):
        notice_number("丰都县", "public_security", "户", PaperKind.ACCEPTANCE, 2026, 0)


def test_each_office_matter_and_paper_has_its_own_series():
    accept = Series("500230", "丰都县", "public_security", "户", PaperKind.ACCEPTANCE, 2026)
    keys = {
        accept.key,
        Series("500242", "酉阳县", "public_security", "户", PaperKind.ACCEPTANCE, 2026).key,
        Series("500230", "丰都县", "civil_affairs", "户", PaperKind.ACCEPTANCE, 2026).key,
        Series("500230", "丰都县", "public_security", "户", PaperKind.REFUSAL, 2026).key,
        Series("500230", "丰都县", "public_security", "地", PaperKind.ACCEPTANCE, 2026).key,
    }
    assert len(keys) == 5
    assert accept.number(3) == "丰公户受〔2026〕3号"


def test_office_names_are_as_the_papers_print_them():
    assert office_name("public_security", "丰都县", "") == "丰都县公安局"
    assert office_name("township_worker", "丰都县", "三合街道") == "三合街道办事处"
    assert office_name("township_worker", "丰都县", "三建乡") == "三建乡人民政府"
    assert office_name("community_worker", "丰都县", "东山社区") == "东山社区居民委员会"


def test_remedies_name_the_county_government_sixty_days_and_six_months_citing_the_laws():
    text = remedies("丰都县")
    assert "六十日内向丰都县人民政府申请行政复议" in text and "《中华人民共和国行政复议法》第二十条" in text
    assert "六个月内依法向人民法院提起行政诉讼" in text and "《中华人民共和国行政诉讼法》第四十六条" in text


@pytest.mark.parametrize("paper", [PaperKind.REFUSAL, PaperKind.REJECTION])
def test_a_refusing_paper_states_the_reason_and_the_remedies(paper):
    said = content(facts(paper, reason="不属于本机关受理范围"))
    assert said["reason"] == "不属于本机关受理范围"
    assert "理由：不属于本机关受理范围" in said["paragraphs"]
    assert said["remedies"] == remedies("丰都县")


@pytest.mark.parametrize("paper", [PaperKind.ACCEPTANCE, PaperKind.APPROVAL, PaperKind.COMPLETION])
def test_a_granting_paper_names_no_remedy(paper):
    assert content(facts(paper))["remedies"] == ""


def test_correction_lists_every_missing_item_at_once_numbered():
    said = content(facts(PaperKind.CORRECTION, missing_items=("户口簿", " ", "安置协议")))
    assert said["missing_items"] == ["1. 户口簿", "2. 安置协议"]
    assert "一次性告知" in said["paragraphs"][0]
    assert said["paragraphs"][1:3] == said["missing_items"]


def test_acceptance_tells_when_the_office_will_finish():
    said = content(facts(PaperKind.ACCEPTANCE, due_on=date(2026, 3, 30)))
    assert said["addressee"] == "王秀英" and said["title"] == "受理通知书"
    assert "2026年3月2日提出的户口迁移申请" in said["paragraphs"][0]
    assert "2026年3月30日前办结" in said["paragraphs"][1]


def test_the_hash_changes_with_any_word_and_not_with_key_order():
    said = content(facts(PaperKind.REFUSAL, reason="材料不实"))
    assert content_sha256(said) == content_sha256(dict(reversed(list(said.items()))))
    assert content_sha256(said) != content_sha256({**said, "addressee": "王秀"})


def test_the_verification_url_carries_the_number_and_the_hash():
    url = verification_url("https://anju.example.gov.cn/", "丰公户受〔2026〕15号", "ab" * 32)
    parts = urlsplit(url)
    assert parts.path == "/api/v1/notices/verify"
    assert parse_qs(parts.query) == {"number": ["丰公户受〔2026〕15号"], "hash": ["ab" * 32]}
