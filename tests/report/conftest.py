"""A build of the two seed documents and one document full of markup (a document may
hold `<script>`), shared by the report's, the database's and the data package's tests."""
import shutil

import pytest

from pipeline.build import build
from tests.conftest import RAW, SEEDS

# markup in the title, in a clause's text and in a unit's name
MARKUP_DOC = """测试市人民政府办公室关于印发<script>alert(1)</script>扶持办法的通知
测政办〔2024〕3号
各区人民政府，市政府各部门：
现将《扶持办法》印发给你们，请认真贯彻执行。
一、资金支持
1. 对新认定的企业<script>alert(1)</script>给予最高50万元的一次性奖励。<img src=x onerror=alert(2)>
2. 对年营业收入1000万元以上的企业，按其研发投入的10%给予补贴。（责任单位：市财政局<b>、市科技局）
测试市人民政府办公室
2024年3月1日
"""
MARKUP_ID = "zz_markup"


@pytest.fixture(scope="package")
def built(tmp_path_factory):
    """The output folder of a build of the seeds and the markup document."""
    root = tmp_path_factory.mktemp("report")
    raw = root / "raw"
    raw.mkdir()
    for name in SEEDS:
        shutil.copy(RAW / name, raw / name)
    (raw / f"{MARKUP_ID}.txt").write_text(MARKUP_DOC, encoding="utf-8")
    out = root / "out"
    build(raw, out, workers=1, progress=False, workbook=False)
    return out
