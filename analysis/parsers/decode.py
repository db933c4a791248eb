"""Bytes to text: encodings, byte-order marks, line ends, mojibake.

The text every parser sees, and every character span refers to, is the *source text*: the
decoded file with line ends normalized (CRLF and CR become LF; a form feed becomes a line
break) and mojibake repaired. Nothing else is changed: non-breaking and zero-width spaces
stay, so spans index the user's own text. Whatever was repaired or guessed is recorded as a
note (:class:`Decoded.notes`), never done silently.

Decisions, in order:

1. A file that starts like a known binary format (PDF, ZIP/DOCX, PNG, JPEG, GIF, gzip,
   Word 97) is refused with a message saying what it is.
2. A byte-order mark decides (UTF-8, UTF-16, UTF-32).
3. UTF-16 or UTF-32 without a byte-order mark is recognized by its pattern of NUL bytes.
4. Strict UTF-8. A few stray NUL characters in otherwise good text are kept (and noted);
   many mean a binary file, refused.
5. Mostly UTF-8 with a few bytes that are not (a Windows-1252 quote pasted into a UTF-8
   file): those bytes are read as Windows-1252, and the repair is noted.
6. Otherwise charset-normalizer's best guess when it is coherent text (CP1252, GB18030,
   Shift-JIS...); else :class:`~analysis.errors.EncodingError` naming the file and line.

Then mojibake (UTF-8 that was once decoded as Windows-1252 or Latin-1, "Chinaâ€™s") is
repaired line by line with ftfy (Speer 2019), restricted to encoding fixes (quotes, widths,
ligatures and normalization are left alone). A cheap pattern test picks the lines to give
ftfy, so clean files cost one regular-expression scan.

References
----------
Speer, R. (2019). ftfy (Version 6). Zenodo. https://doi.org/10.5281/zenodo.2591652
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EncodingError

__all__ = ["Decoded", "decode", "decode_bytes", "read_text", "normalize_newlines", "repair_mojibake",
           "WS_CHARS", "ZERO_WIDTH"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Leading bytes of binary formats users mistake for transcripts, and what to do instead.
_MAGIC = (
    (b"%PDF-", "a PDF document; extract its text first (e.g. with pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt document); unpack it or save it as plain text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office 97 document; save it as plain text"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not a text transcript"),
    (b"\xff\xd8\xff", "a JPEG image, not a text transcript"),
    (b"GIF87a", "a GIF image, not a text transcript"),
    (b"GIF89a", "a GIF image, not a text transcript"),
    (b"\x1f\x8b", "a gzip-compressed file; decompress it first"),
    (b"\x7fELF", "an executable program, not a text transcript"),
)

#: Tie-break order among equally plausible legacy encodings.
_PREFERENCE = {enc: i for i, enc in enumerate(
    ["cp1252", "latin_1", "gb18030", "gb2312", "gbk", "big5", "big5hkscs", "shift_jis", "cp932",
     "euc_jp", "cp949", "euc_kr", "cp1251", "cp1250", "cp1256", "koi8_r"])}

#: Every whitespace character a transcript may hold, for ``str.strip`` (Python's default
#: strip misses zero-width spaces and the BOM).
WS_CHARS = (" \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
            "\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff")
#: Invisible characters dropped from speech (kept in the source text): zero-width space,
#: word joiner, byte-order mark, soft hyphen. Zero-width (non-)joiners are kept: they are
#: spelling in Persian, Indic scripts and emoji.
ZERO_WIDTH = "\u200b\u2060\ufeff\u00ad"

#: A file with more NUL characters than this share of its characters is binary.
_MAX_NUL_SHARE = 0.001


@dataclass
class Decoded:
    """A decoded file: its source text, the encoding, and what was repaired or guessed.

    Attributes
    ----------
    text : str
        The source text (line ends normalized, mojibake repaired).
    encoding : str
        The encoding the bytes were read as (``"utf-8"``, ``"utf-8-bom"``, ``"cp1252"``...).
    notes : list of (kind, line, message)
        One entry per repair or guess; ``line`` is 1-based (None for the whole file).
    """

    text: str
    encoding: str
    notes: list[tuple[str, int | None, str]] = field(default_factory=list)


def normalize_newlines(text: str) -> str:
    """CRLF, CR and form feed to LF; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


# Latin-1/CP1252 renderings of a UTF-8 lead byte followed by a continuation byte: what
# UTF-8 looks like when decoded as Windows-1252 ("â€™", "Ã©", "ä¸­").
_CONT = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE_HINT = re.compile(f"[\u00c2-\u00f4][{_CONT}]")


def _ftfy_config():
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_encoding=True, restore_byte_a0=True,
        replace_lossy_sequences=True, decode_inconsistent_utf8=True, fix_c1_controls=True,
        fix_latin_ligatures=False, fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
        fix_surrogates=True, remove_control_chars=False, normalization=None, explain=True,
    )


def repair_mojibake(text: str) -> tuple[str, list[int]]:
    """Repair mojibake line by line; return the text and the 1-based lines changed.

    Only lines where a UTF-8-read-as-Windows-1252 pattern occurs are given to ftfy, which
    decides whether they are mojibake; other lines are untouched.

    Examples
    --------
    >>> repair_mojibake("fine\\nChinaâ€™s position\\n")
    ('fine\\nChina’s position\\n', [2])
    >>> repair_mojibake("café’s menu")
    ('café’s menu', [])
    """
    if not _MOJIBAKE_HINT.search(text):
        return text, []
    import ftfy

    config = _ftfy_config()
    lines = text.split("\n")
    changed: list[int] = []
    seen: set[int] = set()
    starts = None
    for m in _MOJIBAKE_HINT.finditer(text):
        if starts is None:
            starts = _line_starts(text)
        k = _bisect_right(starts, m.start()) - 1
        if k in seen:
            continue
        seen.add(k)
        fixed = ftfy.fix_and_explain(lines[k], config=config).text
        if fixed != lines[k] and "\n" not in fixed:
            lines[k] = fixed
            changed.append(k + 1)
    return ("\n".join(lines), changed) if changed else (text, [])


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _bisect_right(a: list[int], x: int) -> int:
    from bisect import bisect_right

    return bisect_right(a, x)


def _lines_summary(lines: list[int]) -> str:
    shown = ", ".join(str(x) for x in lines[:5])
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """UTF-16/32 text without a byte-order mark, recognized by where its NUL bytes are."""
    n = len(raw)
    if n < 16:  # too short to tell from UTF-8 text holding a NUL
        return None
    sample = raw[:4096]
    for width, enc_le, enc_be in ((4, "utf-32-le", "utf-32-be"), (2, "utf-16-le", "utf-16-be")):
        if n % width:
            continue
        units = len(sample) // width
        if not units:
            continue
        # ASCII-range characters are a zero high byte: at the end of a unit (LE) or the start (BE)
        le = sum(1 for i in range(0, units * width, width) if sample[i + width - 1] == 0 and sample[i] != 0)
        be = sum(1 for i in range(0, units * width, width) if sample[i] == 0 and sample[i + width - 1] != 0)
        for enc, hits in ((enc_le, le), (enc_be, be)):
            if hits >= 0.3 * units:
                try:
                    text = raw.decode(enc)
                except UnicodeDecodeError:
                    continue
                if "\x00" not in text and _printable_share(text[:4096]) > 0.95:
                    return text, enc
    return None


def _printable_share(text: str) -> float:
    if not text:
        return 1.0
    ok = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t\f")
    return ok / len(text)


_SURROGATE = re.compile("[\udc80-\udcff]")


def decode(raw: bytes, path: str = "<bytes>") -> Decoded:
    """Decode ``raw`` into a :class:`Decoded` (source text, encoding, notes).

    Raises
    ------
    EncodingError
        A binary file (named by format when recognized), or bytes that are not text in
        any encoding we can identify; the message names the file and the first bad line.
    """
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            if b"\x00" in raw:
                raise EncodingError(path, _line_of(raw, raw.index(b"\x00")), f"contains NUL bytes: this is {what}")
            raise EncodingError(path, 1, f"is {what}")
    notes: list[tuple[str, int | None, str]] = []
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise EncodingError(path, None, f"starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason} at byte {exc.start})") from None
            return _finish(text, enc + "-bom", notes, path, mojibake=enc != "utf-8" or _MAY_HINT in raw)
    if b"\x00" in raw:
        wide = _utf16_without_bom(raw)
        if wide is not None:
            text16, enc = wide
            notes.append(("encoding", None, f"has no byte-order mark; read as {enc} from its pattern of zero bytes"))
            return _finish(text16, enc, notes, path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    else:
        n_nul = text.count("\x00")
        if n_nul:
            first = _line_of(raw, raw.index(b"\x00"))
            if n_nul > max(1, _MAX_NUL_SHARE * len(text)):
                raise EncodingError(path, first, "contains NUL bytes: this looks like a binary file, not a text transcript")
            notes.append(("control", first, f"contains {n_nul} NUL character{'s' if n_nul > 1 else ''} "
                                            f"(first on line {first}); kept in the source, left out of speech"))
        return _finish(text, "utf-8", notes, path, mojibake=_MAY_HINT in raw)
    if b"\x00" in raw:
        raise EncodingError(path, _line_of(raw, raw.index(b"\x00")), "contains NUL bytes: this looks like a binary file (or UTF-16 without a byte-order mark), not a text transcript")
    mixed = _mostly_utf8(raw)
    if mixed is not None:
        text, bad_lines = mixed
        notes.append(("encoding", bad_lines[0], f"is UTF-8 except for {len(bad_lines)} line(s) with Windows-1252 bytes "
                                                f"({_lines_summary(bad_lines)}); those bytes were read as Windows-1252"))
        return _finish(text, "utf-8", notes, path)
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(raw) if m.encoding and m.percent_chaos < 20]
    if matches:
        # Ties in charset-normalizer's "chaos" are common on short texts (cp1250/cp1252,
        # cp949/gb18030); break them by how common each encoding is for transcripts.
        low = min(m.percent_chaos for m in matches)
        tied = [m for m in matches if m.percent_chaos <= low + 1.0]
        best = min(tied, key=lambda m: (_PREFERENCE.get(m.encoding, len(_PREFERENCE)), m.percent_chaos))
        return _finish(str(best), best.encoding, notes, path)
    raise EncodingError(path, _line_of(raw, bad_at), "is not UTF-8 and its encoding could not be identified; re-save it as UTF-8")


_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(raw: bytes) -> tuple[str, list[int]] | None:
    """UTF-8 with a few stray Windows-1252 bytes: the text and the lines holding them."""
    text = raw.decode("utf-8", errors="surrogateescape")
    bad = [m.start() for m in _SURROGATE.finditer(text)]
    good = len(_UTF8_MULTI.findall(raw))
    # legacy single-byte text (CP1252, Latin-1) rarely forms valid UTF-8 pairs: real UTF-8
    # files have more valid multi-byte characters than stray bytes (or only a few strays)
    if not good or len(bad) > max(3, good):
        return None

    def one(m: re.Match) -> str:
        b = bytes([ord(m.group(0)) - 0xDC00])
        try:
            return b.decode("cp1252")
        except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: undefined in cp1252
            return b.decode("latin-1")

    starts = _line_starts(text)
    lines = sorted({_bisect_right(starts, i) for i in bad})
    return _SURROGATE.sub(one, text), lines


#: The lead byte of every character a mojibake pattern (:data:`_MOJIBAKE_HINT`) starts with,
#: in UTF-8 (U+00C0-U+00FF): UTF-8 bytes without it decode to text without mojibake.
_MAY_HINT = b"\xc3"


def _finish(text: str, encoding: str, notes: list, path: str, *, mojibake: bool = True) -> Decoded:
    """The decoded text with line breaks normalised and mojibake repaired (``mojibake``
    False: the bytes say the text holds none, it is not looked for)."""
    text = normalize_newlines(text)
    text, changed = repair_mojibake(text) if mojibake else (text, [])
    if changed:
        notes.append(("mojibake", changed[0], f"had mojibake (UTF-8 read as Windows-1252, e.g. \u00e2\u20ac\u2122 for \u2019) "
                                              f"on {_lines_summary(changed)}; repaired with ftfy"))
    return Decoded(text, encoding, notes)


def decode_bytes(raw: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode ``raw`` and return ``(text, encoding)``; see :func:`decode` (notes dropped)."""
    d = decode(raw, path)
    return d.text, d.encoding


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a file as its source text; see :func:`decode`."""
    p = Path(path)
    return decode_bytes(p.read_bytes(), str(p))
