"""Bytes to text: encodings, byte-order marks, line ends.

The text every parser sees, and every character span refers to, is the decoded file with
line ends normalized (CRLF and CR become LF; a form feed becomes a line break). Nothing else
is changed: non-breaking and zero-width spaces stay, so spans index the user's own text.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import EncodingError

__all__ = ["decode_bytes", "read_text", "normalize_newlines", "WS_CHARS"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


#: Tie-break order among equally plausible legacy encodings.
_PREFERENCE = {enc: i for i, enc in enumerate(
    ["cp1252", "latin_1", "gb18030", "gb2312", "gbk", "big5", "big5hkscs", "shift_jis", "cp932",
     "euc_jp", "cp949", "euc_kr", "cp1251", "cp1250", "cp1256", "koi8_r"])}


def normalize_newlines(text: str) -> str:
    """CRLF, CR and form feed to LF; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode_bytes(raw: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode ``raw`` and return ``(text, encoding)``.

    Order: a byte-order mark decides; else strict UTF-8; else, if the bytes hold no NUL
    (binary files do), charset-normalizer's best guess when it is coherent text. Anything
    else raises :class:`~analysis.errors.EncodingError` naming the file and the first bad
    line.
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return normalize_newlines(raw[len(bom):].decode(enc)), enc + "-bom"
            except UnicodeDecodeError as exc:
                raise EncodingError(path, None, f"starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason} at byte {exc.start})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    else:
        if "\x00" in text:
            raise EncodingError(path, _line_of(raw, raw.index(b"\x00")), "contains NUL bytes: this looks like a binary file, not a text transcript")
        return normalize_newlines(text), "utf-8"
    if b"\x00" in raw:
        raise EncodingError(path, _line_of(raw, raw.index(b"\x00")), "contains NUL bytes: this looks like a binary file (or UTF-16 without a byte-order mark), not a text transcript")
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(raw) if m.encoding and m.percent_chaos < 20]
    if matches:
        # Ties in charset-normalizer's "chaos" are common on short texts (cp1250/cp1252,
        # cp949/gb18030); break them by how common each encoding is for transcripts.
        low = min(m.percent_chaos for m in matches)
        tied = [m for m in matches if m.percent_chaos <= low + 1.0]
        best = min(tied, key=lambda m: (_PREFERENCE.get(m.encoding, len(_PREFERENCE)), m.percent_chaos))
        return normalize_newlines(str(best)), best.encoding
    raise EncodingError(path, _line_of(raw, bad_at), "is not UTF-8 and its encoding could not be identified; re-save it as UTF-8")


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a file as text; see :func:`decode_bytes`."""
    p = Path(path)
    return decode_bytes(p.read_bytes(), str(p))


#: Every whitespace character a transcript may hold, for ``str.strip`` (Python's default
#: strip misses zero-width spaces and the BOM).
WS_CHARS = (" \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
            "\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff")
