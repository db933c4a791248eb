"""The lossless check shared by the parser tests: spans index the text exactly, never
overlap, and cover every non-whitespace character."""

from __future__ import annotations

from analysis.parsers.decode import WS_CHARS


def spans_cover(text: str, spans: list[tuple[int, int, str]]) -> None:
    """Spans index ``text`` exactly, never overlap, and cover every non-whitespace character."""
    covered = bytearray(len(text))
    for s, e, raw in sorted(spans):
        assert text[s:e] == raw, (s, e, raw[:40])
        assert not any(covered[s:e]), f"overlapping spans at {s}"
        covered[s:e] = b"\x01" * (e - s)
    lost = [i for i, ch in enumerate(text) if not covered[i] and ch not in WS_CHARS]
    assert not lost, f"characters outside every span at {lost[:5]}: {[text[i] for i in lost[:5]]}"


def page_spans(page) -> list[tuple[int, int, str]]:
    """``(start, end, raw)`` of every paragraph and boilerplate line of a parsed page."""
    return ([(p.start, p.end, p.raw) for d in page.turns for p in d.paragraphs]
            + [(b.start, b.end, b.raw) for b in page.boilerplate])
