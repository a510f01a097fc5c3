"""What a file is and how it is read, from its bytes: encodings, archives renamed, encrypted PDFs,
folders walked without leaving them, names with any bytes, the same filing in other bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.parsers.prose_text import MAX_SENTENCE, sentences
from assistant.readers import FilingError, read_filing, shown
from assistant.readers.identity import printed_figures, similarity
from assistant.readers.text import decode
from assistant.readers.walk import walk
from corpus_files import CORPUS, FILINGS
from eval import pdfs

SEED = CORPUS / FILINGS["seed"]
NOTICE = "关于2025年部门预算编制工作的通知\n各科室：请于本周内报送支出预算。"


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("gb18030", "gbk"), ("utf-16", "utf-16-le"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
])
def test_texts_decode_from_their_bytes(encoding, expected):
    text, enc = decode(Path("x.txt"), NOTICE.encode(encoding))
    assert (text, enc) == (NOTICE, expected)


def test_big5_is_read_in_simplified_characters():
    traditional = "關於2025年部門預算編制工作的通知\n各科室：請於本週內報送支出預算。"
    text, enc = decode(Path("x.txt"), traditional.encode("big5"))
    assert enc == "big5" and "部门预算编制" in text and "支出预算" in text


def test_a_big5_and_a_utf16_filing_read_as_the_filing(tmp_path):
    import opencc

    original = read_filing(SEED)
    big5 = tmp_path / "big5.txt"
    big5.write_bytes(opencc.OpenCC("s2tw").convert(SEED.read_text(encoding="utf-8")).encode("big5hkscs", "replace"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16-be"))
    for path, warning in ((big5, "Big5"), (utf16, "UTF-16-BE")):
        f = read_filing(path)
        assert (f.title, f.year, f.filing_kind) == (original.title, original.year, original.filing_kind)
        assert any(warning in w for w in f.warnings)
        assert similarity(printed_figures([p.text for p in f.pages]), printed_figures([p.text for p in original.pages])) == 1.0


@pytest.mark.parametrize("name, data, reason", [
    ("a.pdf", b"PK\x03\x04" + b"\x00" * 40, "not a PDF: the file has no %PDF header; it is a ZIP archive"),
    ("a.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not a text filing: it is a PNG image"),
    ("a.pdf", b"%PDF-1.7\n garbage", "not a PDF: it starts with %PDF- but holds no PDF object"),
    ("a.pdf", pdfs.simple_pdf(["x"])[:-40], "truncated: the PDF ends without its end-of-file marker"),
    ("a.pdf", pdfs.encrypted_pdf("2025 budget"), "the PDF is encrypted"),
    ("a.pdf", pdfs.image_only_pdf(1), "no text layer on any page"),
    ("a.txt", "今天讨论了预算。".encode(), "not a budget filing: it prints 0 of the standard parts"),
    ("a.txt", "上海市普陀区测试局部门预算\n一、部门概况\n本局负责测试。\n二、收支预算总表\n合计 1.00\n三、一般公共预算支出表\n"
              "合计 1.00\n".encode(), "no year: neither the cover"),
])
def test_each_refusal_names_what_the_file_is(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(FilingError) as e:
        read_filing(path)
    assert e.value.reason.startswith(reason)


def test_a_folder_is_walked_without_leaving_it(tmp_path):
    folder, elsewhere = tmp_path / "in", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("x")
    (folder / "a.txt").write_text("x")
    os.symlink(elsewhere / "secret.txt", folder / "out.txt")
    os.symlink(elsewhere, folder / "outdir")
    os.symlink(folder / "a.txt", folder / "again.txt")  # inside: read once
    os.symlink("loop.txt", folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")
    odd = folder / os.fsdecode(b"bad-\xff.txt")
    odd.write_text("x")
    w = walk([folder])
    assert [p.name for p in w.files] == ["a.txt", odd.name]
    reasons = {Path(p).name: r for p, r in w.passed_over}
    assert set(reasons) == {"out.txt", "outdir", "loop.txt", "pipe.txt"}
    assert "outside the folders given" in reasons["out.txt"] and "outside" in reasons["outdir"]
    assert "broken symbolic link" in reasons["loop.txt"] and "not a regular file" in reasons["pipe.txt"]
    assert shown(odd).endswith("bad-\\xff.txt") and shown("a\nb.txt") == "a\\nb.txt"


def test_a_run_on_sentence_is_read_in_bounded_pieces():
    text = "，".join(f"支出{i}.5万元" for i in range(20000)) + "。"
    spans = sentences(text)
    assert max(b - a for a, b in spans) <= MAX_SENTENCE
    assert spans[0][0] == 0 and spans[-1][1] == len(text) and all(b == c for (_, b), (c, _) in zip(spans, spans[1:]))
    assert all(text[b - 1] in "，。" for _, b in spans)  # cut at clause ends, never inside a figure
