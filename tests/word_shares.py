"""Where a transcript's words are: in turns, or in which kind of boilerplate.

Shared by the reading tests that check, on real collections, that speech stays in turns.
A word is a run of non-space characters holding a letter or a digit, counted after markup
tags are removed and entities decoded; a Han character counts as a word. Boilerplate of
kind ``markup`` (tags, scripts, a JSON document's keys) is not text of the transcript and is
not counted.
"""

from __future__ import annotations

import html
import re
from collections import Counter

_TAG = re.compile(r"<[^<>]*>")
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u200b\u3400-\u9fff\uf900-\ufaff]+")

#: Kinds of boilerplate that are the document's apparatus, not anybody's speech: page
#: furniture, headings, the publisher's notices, and the record of proceedings (motions,
#: amendments, "Question put", division and attendance lists).
APPARATUS = frozenset(
    "title url breadcrumb pagination page_chrome timestamp running_header page_number source_date date header "
    "metadata front_matter rule heading notice record procedural".split())


def count_words(raw: str) -> int:
    """Words of ``raw`` with markup tags removed and entities decoded."""
    text = html.unescape(_TAG.sub(" ", raw))
    return sum(1 for w in _WORD.findall(text) if any(ch.isalnum() for ch in w))


def word_shares(transcript) -> Counter:
    """Words of a transcript by place: ``turns`` (paragraphs of turns, labels and stage
    directions included), ``directions`` (of which stage directions), and one entry per
    boilerplate kind other than ``markup``."""
    out: Counter = Counter()
    for turn in transcript.turns:
        for p in turn.paragraphs:
            out["turns"] += count_words(p.raw)
            out["directions"] += sum(count_words(d) for d in p.directions)
    for b in transcript.boilerplate:
        if b.kind != "markup":
            out[b.kind] += count_words(b.raw)
    return out


def share_in_turns(shares: Counter, *, apart: frozenset = frozenset()) -> float:
    """Share of the words in turns among all words but those in boilerplate of kinds ``apart``."""
    total = sum(v for k, v in shares.items() if k != "directions" and k not in apart)
    return shares["turns"] / total if total else 1.0
