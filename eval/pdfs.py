"""Small PDFs written byte by byte for the reliability suite: no PDF library writes them here
(none beyond pdfplumber's reader is installed), so the suite can make exactly the hostile file it
means — a user-password PDF, a content stream that inflates to a gigabyte, thousands of pages.

    simple_pdf(["page one", "page two"])          # a text PDF (Helvetica, ASCII)
    encrypted_pdf("text", user_password="secret")  # Standard security handler, RC4 40-bit (R2)
    deflate_bomb_pdf(1 << 30)                      # a page whose content inflates to 1 GiB
"""

from __future__ import annotations

import hashlib
import zlib

# Algorithm 3.2's padding string (PDF 1.7, 7.6.3.3)
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _write(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF from its numbered objects (1-based, the catalog first) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _text_ops(text: str) -> bytes:
    lines = [ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for ln in text.splitlines() or [""]]
    ops = b"BT /F1 11 Tf 14 TL 50 790 Td " + b"".join(b"(%s) Tj T* " % ln.encode("latin-1", "replace") for ln in lines)
    return ops + b"ET"


def _pages_pdf(contents: list[bytes], compress: bool = False) -> list[bytes]:
    n = len(contents)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, ops in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(_stream(ops, compress))
    return objects


def simple_pdf(pages: list[str], compress: bool = False) -> bytes:
    """A PDF whose pages print these (ASCII) texts."""
    return _write(_pages_pdf([_text_ops(t) for t in pages], compress))


def many_pages_pdf(n_pages: int, chars_per_page: int) -> bytes:
    """A long PDF of dense small text: slow to read, a few hundred KB on disk."""
    line = ("1234.56 " * 12)[:90]
    per = max(chars_per_page // len(line), 1)
    ops = b"BT /F1 4 Tf 5 TL 20 830 Td " + b"".join(b"(%s) Tj T* " % line.encode() for _ in range(per)) + b"ET"
    return _write(_pages_pdf([ops] * n_pages, compress=True))


def deflate_bomb_pdf(inflated: int) -> bytes:
    """One page whose content stream is `inflated` bytes of spaces, stored compressed (about 1/1000)."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(comp.compress(chunk) for _ in range(inflated // len(chunk))) + comp.flush()
    page_stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    objects = _pages_pdf([b""])
    objects[-1] = page_stream
    return _write(objects)


def encrypted_pdf(text: str, user_password: str = "secret", owner_password: str = "owner") -> bytes:
    """A PDF that opens only with `user_password`: Standard security handler, revision 2 (RC4, 40-bit)."""
    user, owner = (user_password.encode("latin-1") + _PAD)[:32], (owner_password.encode("latin-1") + _PAD)[:32]
    o_value = _rc4(hashlib.md5(owner).digest()[:5], user)                       # algorithm 3.3
    file_id = hashlib.md5(text.encode("utf-8") + user).digest()
    permissions = -44
    key = hashlib.md5(user + o_value + permissions.to_bytes(4, "little", signed=True) + file_id).digest()[:5]
    u_value = _rc4(key, _PAD)                                                   # algorithm 3.4

    def obj_key(num: int) -> bytes:                                             # algorithm 3.1
        return hashlib.md5(key + num.to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]

    objects = _pages_pdf([_text_ops(text)])
    content = _rc4(obj_key(5), _text_ops(text))
    objects[4] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
                   % (o_value.hex().encode(), u_value.hex().encode(), permissions))
    enc_num = len(objects)
    return _write(objects, b"/Encrypt %d 0 R /ID [<%s> <%s>] " % (enc_num, file_id.hex().encode(), file_id.hex().encode()))


def image_only_pdf(pages: int = 2) -> bytes:
    """Scanned pages: each a picture, no text layer (Pillow writes it)."""
    import io

    from PIL import Image, ImageDraw

    images = []
    for i in range(pages):
        im = Image.new("RGB", (400, 560), "white")
        ImageDraw.Draw(im).rectangle((40, 40 + 20 * i, 360, 120 + 20 * i), outline="black", width=3)
        images.append(im)
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:])
    return buf.getvalue()


def resaved_pdf(data: bytes) -> bytes:
    """The same document written again by another program (PDFium): other bytes, same pages."""
    import io

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    buf = io.BytesIO()
    doc.save(buf, version=17)
    doc.close()
    return buf.getvalue()
