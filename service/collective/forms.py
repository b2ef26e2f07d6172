"""The printable written application (书面申请) for destination membership (policy 1.3).

One self-contained HTML page — styles inline, no scripts, no fonts or images from elsewhere —
so it prints the same from a phone, a community office or a print shop with no internet.
Everything filled in is escaped; the ID number is masked, as everywhere outside the audited
reveal: the applicant signs or presses a fingerprint on the printed paper, and staff check
the person against the register when they accept the application.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

# No external assets: the page may load nothing but itself and its inline styles.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

_SEX = {"male": "男", "female": "女"}


@dataclass(frozen=True)
class FormFacts:
    name: str
    sex: str
    birth_date: date
    id_number_masked: str
    household_number: str
    origin_name: str
    destination_name: str
    today: date


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


_STYLE = """
@page { size: A4; margin: 25mm 20mm; }
body { font-family: "SimSun", "Songti SC", serif; font-size: 16px; line-height: 1.9; color: #000;
       max-width: 170mm; margin: 0 auto; padding: 8mm 0; }
h1 { text-align: center; font-size: 24px; letter-spacing: 4px; margin: 0 0 24px; }
table { width: 100%; border-collapse: collapse; margin: 12px 0 20px; }
td, th { border: 1px solid #000; padding: 6px 10px; text-align: left; font-weight: normal; }
th { width: 28%; background: #f3f3f3; }
p { text-indent: 2em; margin: 8px 0; }
.sign { margin-top: 40px; text-align: right; line-height: 3; }
.print-hint { border: 1px dashed #888; padding: 8px 12px; font-size: 14px; margin-bottom: 20px; text-indent: 0; }
@media print { .print-hint { display: none; } body { padding: 0; } }
"""


def application_form(facts: FormFacts) -> str:
    e = escape
    rows = (
        ("姓名", facts.name),
        ("性别", _SEX.get(facts.sex, facts.sex)),
        ("出生日期", _day(facts.birth_date)),
        ("公民身份号码", facts.id_number_masked),
        ("搬迁户编号", facts.household_number),
        ("原集体经济组织", facts.origin_name),
        ("申请加入的集体经济组织", facts.destination_name),
    )
    table = "\n".join(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>" for label, value in rows)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>取得集体经济组织成员身份申请书 - {e(facts.name)}</title>
<style>{_STYLE}</style>
</head>
<body>
<p class="print-hint">请打印本页，由申请人本人签名（或按手印）并填写日期后，拍照或扫描上传，作为书面申请。</p>
<h1>取得集体经济组织成员身份申请书</h1>
<p>{e(facts.destination_name)}集体经济组织（村（居）民委员会）：</p>
<p>本人系易地扶贫搬迁安置群众，原为{e(facts.origin_name)}集体经济组织成员，现已搬迁安置到{e(facts.destination_name)}。
根据渝民发〔2020〕10号文件关于集体经济组织成员身份确认的规定，本人自愿申请取得{e(facts.destination_name)}集体经济组织成员身份。</p>
<p>本人知悉：申请人员名单将予以公示；公示无异议后，须经本集体经济组织成员大会三分之二以上成员讨论通过，
或经村民会议三分之二以上成员、三分之二以上村民代表同意，方可确定为本集体经济组织成员；
自取得新集体经济组织成员身份之日起，本人在{e(facts.origin_name)}的原集体经济组织成员身份丧失。</p>
<table>
{table}
</table>
<div class="sign">
申请人（签名或按手印）：____________________<br>
日期：______年____月____日
</div>
<p style="text-indent:0;font-size:13px;color:#555;">本申请书由安居服务于{_day(facts.today)}生成。</p>
</body>
</html>
"""
