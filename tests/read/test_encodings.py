"""Text files in the encodings of Chinese: GB18030 and Big5 decode each other's bytes
without error, so the reader must tell them apart by the text they give."""
from __future__ import annotations

import random

import opencc
import pytest

from pipeline.read import ReadError, read_file
from pipeline.read.text import MIN_COMMON_SHARE, common_share
from tests.conftest import RAW, SEEDS

XUCHANG = SEEDS[1]


@pytest.fixture(scope="module")
def traditional() -> str:
    """A labelled text converted to traditional characters, as far as Big5 holds them."""
    text = opencc.OpenCC("s2t.json").convert((RAW / XUCHANG).read_text(encoding="utf-8"))
    return text.encode("big5hkscs", errors="replace").decode("big5hkscs")


def test_big5_text_is_read_as_big5_not_as_gb18030(tmp_path, traditional):
    path = tmp_path / "big5.txt"
    data = traditional.encode("big5hkscs")
    path.write_bytes(data)
    data.decode("gb18030")            # the trap: the same bytes are valid GB18030
    doc = read_file(path)
    assert doc.text == traditional.replace("\r\n", "\n")
    assert "許昌市人民政府關於扶持小微企業發展的實施意見" in doc.text.replace(" ", "")
    assert doc.warnings == ["read as Big5: traditional Chinese, extracted as written"]


def test_gb18030_text_is_still_read_as_gb18030(tmp_path):
    text = (RAW / XUCHANG).read_text(encoding="utf-8")
    path = tmp_path / "gb.txt"
    path.write_bytes(text.encode("gb18030"))
    doc = read_file(path)
    assert doc.text == text and doc.warnings == []


def test_the_wrong_decoding_is_far_from_plausible(traditional):
    data = traditional.encode("big5hkscs")
    assert common_share(data.decode("big5hkscs")) > 0.98
    assert common_share(data.decode("gb18030")) < MIN_COMMON_SHARE - 0.3


def test_bytes_that_decode_to_no_plausible_chinese_are_an_error(tmp_path):
    """Valid GB18030 throughout, but only its rarest characters: no text a person wrote."""
    rng = random.Random(7)
    data = b"\n".join(bytes(b for _ in range(30) for b in (rng.randrange(0x81, 0xA1), rng.randrange(0x40, 0x7F)))
                      for _ in range(40))
    data.decode("gb18030")
    path = tmp_path / "garbage.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError, match="no plausible Chinese"):
        read_file(path)
