"""What a file is, from its first bytes, whatever its name says: a PDF, text, or something else
named by what it is (an archive renamed .pdf is "a ZIP archive", not "a broken PDF")."""

from __future__ import annotations

# (offset, magic bytes, what the file is)
_MAGIC = (
    (0, b"PK\x03\x04", "a ZIP archive (or a Word/Excel .docx/.xlsx file)"),
    (0, b"PK\x05\x06", "an empty ZIP archive"),
    (0, b"\x1f\x8b", "a gzip archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"\xfd7zXZ\x00", "an xz archive"),
    (0, b"BZh9", "a bzip2 archive"),
    (257, b"ustar", "a tar archive"),
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (0, b"II*\x00", "a TIFF image"),
    (0, b"MM\x00*", "a TIFF image"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Excel (.doc/.xls) file"),
    (0, b"{\\rtf", "an RTF document"),
    (0, b"\x7fELF", "a Linux program"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
)
# A PDF's header may follow some junk (the spec allows it within the first 1024 bytes).
PDF_HEADER_WITHIN = 1024


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:PDF_HEADER_WITHIN]


def what_else(data: bytes) -> str | None:
    """What the bytes are when they are neither a PDF nor text: an archive, an image, a program."""
    for offset, magic, what in _MAGIC:
        if data[offset:offset + len(magic)] == magic:
            return what
    if data[:2] == b"MZ" and b"\x00" in data[:64]:
        return "a Windows program"
    return None
