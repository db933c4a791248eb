"""The lexicon matcher behind :func:`~analysis.rhetoric.match_dictionary` and
:func:`~analysis.rhetoric.find_intensifiers`, run over many texts at once with numpy.

Matching rules (see :mod:`analysis.rhetoric.lexicons`): an entry is a sequence of token
patterns, each an exact token (lower-cased unless case-sensitive) or a glob; it matches at
token ``i`` when its patterns accept tokens ``i, i+1, ...`` of the same text. Within a
category, at each token the longest entry wins (then the one listed first) and matching
resumes after it; a token may count in several categories.

How it runs, so that no Python loop goes over tokens:

1. *Tokens as arrays*: the corpus's :class:`~analysis.tokens.TokenTable` (the text layer,
   built once per corpus content), integer type ids with character offsets.
2. *Patterns against types*. Every pattern is tested once per distinct token type, not
   once per token: a boolean table ``accepts[pattern, type]``.
3. *Candidates*. Token positions whose type some entry's first pattern accepts are paired
   with those entries; the remaining patterns of multi-word entries are checked with
   ``accepts`` on the following tokens (inside the same text).
4. *Longest entry, then no overlap*. Per position and category the longest entry (then
   the first listed) is kept; a category whose kept entries all have one token cannot
   overlap itself, the others are scanned left to right skipping starts inside the
   previous match of the same category.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..text import normalize_token, tokenize
from ..tokens import TokenTable, WordTable, _lower_forms, token_table

Lexicon = Mapping[str, Sequence[str]]
_APOS = "\u2019"


def _glob_body(pattern: str) -> str:
    return "".join(r"\w*" if ch == "*" else r"\w" if ch == "?" else re.escape(ch) for ch in pattern)


def _entry_patterns(entry: str, case_sensitive: bool) -> tuple[tuple[str, str, bool], ...]:
    """An entry as token patterns: ``("x", token, cs)`` exact or ``("g", regex body, cs)`` glob."""
    cs = case_sensitive or entry.startswith("=")
    entry = entry.lstrip("=").strip()
    pats: list[tuple[str, str, bool]] = []
    for chunk in entry.split():
        if "*" in chunk or "?" in chunk:
            pats.append(("g", _glob_body(chunk), cs))
        else:
            for tok in tokenize(chunk):
                pats.append(("x", tok.replace(_APOS, "'") if cs else normalize_token(tok), cs))
    if not pats:
        raise ValueError(f"load_lexicon(): entry {entry!r} has no tokens to match.")
    return tuple(pats)


#: Tokens matched at a time by :meth:`Matcher.match` (its transient arrays: about 100 bytes each).
MATCH_TOKENS = 1 << 20


def _token_slices(text_end: np.ndarray, max_tokens: int) -> list[tuple[int, int]]:
    """Token ranges ``[lo, hi)`` of whole texts (``text_end``: one past each text's last token)
    covering every token, each of at most ``max_tokens`` tokens unless one text holds more."""
    total = int(text_end[-1]) if len(text_end) else 0
    out, lo = [], 0
    ends = np.unique(np.asarray(text_end, dtype=np.int64))
    while lo < total:
        # the last text end within the budget, or the first past it when one text is longer
        j = int(np.searchsorted(ends, lo + max(max_tokens, 1), side="right")) - 1
        hi = int(ends[j]) if j >= 0 and ends[j] > lo else int(ends[np.searchsorted(ends, lo, side="right")])
        out.append((lo, hi))
        lo = hi
    return out


def word_table(table: TokenTable) -> WordTable:
    """The words of ``table`` (lower-cased, punctuation and clitics dropped): its default
    :meth:`~analysis.tokens.TokenTable.words` view."""
    return table.words()


@dataclass(frozen=True)
class Matches:
    """Matches of a :class:`Matcher`, sorted by text, start token, key (read-only arrays).

    ``text`` (index of the text), ``key`` (index into ``Matcher.keys``), ``start`` and
    ``end`` (character offsets in the text), ``entry`` (index into ``Matcher.entries``).
    """

    text: np.ndarray
    key: np.ndarray
    start: np.ndarray
    end: np.ndarray
    entry: np.ndarray


class Matcher:
    """Every entry of several lexicons, compiled to token patterns.

    ``keys`` lists ``(lexicon, category)``; ``entries`` lists ``(key, order, entry)``
    (``order``: position of the entry in its category).
    """

    def __init__(self, lexicons: Mapping[str, Lexicon], case_sensitive: bool = False) -> None:
        self.keys: list[tuple[str, str]] = []
        self.entries: list[tuple[int, int, str]] = []
        pattern_ids: dict[tuple[str, str, bool], int] = {}
        entry_pats: list[tuple[int, ...]] = []
        for lex, cats in lexicons.items():
            for cat, items in cats.items():
                k = len(self.keys)
                self.keys.append((lex, cat))
                for order, e in enumerate(items):
                    pats = _entry_patterns(e, case_sensitive)
                    entry_pats.append(tuple(pattern_ids.setdefault(p, len(pattern_ids)) for p in pats))
                    self.entries.append((k, order, e))
        self.patterns = tuple(pattern_ids)
        n = len(self.entries)
        self._key = np.array([k for k, _, _ in self.entries], dtype=np.int64)
        self._order = np.array([o for _, o, _ in self.entries], dtype=np.int64)
        self._size = np.array([len(p) for p in entry_pats], dtype=np.int64)
        width = int(self._size.max()) if n else 0
        self._pat = np.full((n, max(width, 1)), -1, dtype=np.int64)
        for i, p in enumerate(entry_pats):
            self._pat[i, :len(p)] = p
        # a glob is searched for in the types joined one a line between line breaks ("\n" + types
        # + "\n"): a match opens with the line break before its type, a literal that the search
        # skips ahead to (an anchor such as ``^`` would be tried at every character)
        self._globs = {body: re.compile(rf"\n(?:{body})(?=\n)", 0 if cs else re.IGNORECASE)
                       for kind, body, cs in self.patterns if kind == "g"}
        # the exact tokens of the patterns, those compared in lower case then those as written
        self._exact = {cs: frozenset(val for kind, val, c in self.patterns if kind == "x" and c == cs)
                       for cs in (False, True)}

    def _accepts(self, types: Sequence[str]) -> list[np.ndarray]:
        """Per pattern, the sorted ids of the token types it accepts."""
        # the types as compared: apostrophes straightened (case kept), and lower-cased too
        # (:func:`analysis.tokens._lower_forms`, one string operation over the types)
        orig = [t.replace(_APOS, "'") for t in types] if self._exact[True] or \
            any(cs for kind, _, cs in self.patterns if kind == "g") else []
        low = _lower_forms(types)
        # the ids of the types equal to an exact pattern, by (case-sensitive, type as compared):
        # the types an exact pattern can accept are picked out first, the rest never indexed
        exact: dict[tuple[bool, str], list[int]] = {}
        for cs, forms in ((False, low), (True, orig)):
            want = self._exact[cs]
            for i in [i for i, w in enumerate(forms) if w in want] if want else ():
                exact.setdefault((cs, forms[i]), []).append(i)
        joined = {False: "\n" + "\n".join(low) + "\n", True: "\n" + "\n".join(orig) + "\n"}
        line_start = np.zeros(len(types), dtype=np.int64)
        if len(types) > 1:
            line_start[1:] = np.cumsum(np.fromiter((len(t) + 1 for t in low[:-1]), dtype=np.int64,
                                                   count=len(types) - 1))
        out = []
        for kind, val, cs in self.patterns:
            if kind == "x":
                ids = np.asarray(exact.get((cs, val), []), dtype=np.int64)
            else:  # a glob: one pass over the types, one a line (types hold no white space); a
                # match starts at the line break before its type, the type's offset in "\n".join
                starts = [m.start() for m in self._globs[val].finditer(joined[cs])]
                ids = np.searchsorted(line_start, np.asarray(starts, dtype=np.int64), side="right") - 1
            out.append(ids)
        return out

    def match(self, table: TokenTable, *, max_tokens: int = MATCH_TOKENS) -> Matches:
        """All matches in the texts of ``table``, found over slices of whole texts of about
        ``max_tokens`` tokens at a time (a match never leaves its text, so the slices' matches,
        joined in order, are those of the whole table; the transient arrays are a slice's)."""
        tid = table.tid
        if not len(tid) or not self.entries:
            z = np.zeros(0, dtype=np.int64)
            return Matches(z, z, z, z, z)
        acc = self._accepts(table.types)
        found = [self._match_slice(table, acc, lo, hi) for lo, hi in _token_slices(table.text_end, max_tokens)]
        if len(found) == 1:
            return found[0]
        return Matches(*(np.concatenate([getattr(f, c) for f in found]) for c in ("text", "key", "start", "end", "entry")))

    def _match_slice(self, table: TokenTable, acc: list[np.ndarray], lo: int, hi: int) -> Matches:
        """The matches in tokens ``lo`` to ``hi`` of ``table`` (whole texts), ``acc`` the ids of the
        types each pattern accepts (:meth:`_accepts`)."""
        tid = table.tid[lo:hi]
        n_types = len(table.types)
        # (type, entry) pairs from the entries' first patterns, grouped by type
        firsts = [acc[p] for p in self._pat[:, 0].tolist()]
        pair_type = np.concatenate(firsts)
        pair_ent = np.repeat(np.arange(len(firsts), dtype=np.int64), [len(f) for f in firsts])
        by_type = np.argsort(pair_type, kind="stable")
        pair_ent = pair_ent[by_type]
        count = np.bincount(pair_type, minlength=n_types)
        offset = np.zeros(n_types + 1, dtype=np.int64)
        np.cumsum(count, out=offset[1:])
        # candidate (position, entry) pairs
        per_pos = count[tid]
        pos = np.flatnonzero(per_pos)
        n_cand = per_pos[pos]
        pos = np.repeat(pos, n_cand)
        grp = np.zeros(len(n_cand), dtype=np.int64)
        np.cumsum(n_cand[:-1], out=grp[1:])
        ent = pair_ent[offset[tid[pos]] + np.arange(len(pos)) - np.repeat(grp, n_cand)]
        size = self._size[ent]
        ok = pos + size <= table.text_end[table.text[pos + lo]] - lo
        if self._pat.shape[1] > 1:  # the other patterns of multi-word entries, on the next tokens
            accepted = np.unique(np.concatenate([p * n_types + a for p, a in enumerate(acc)]))
            for j in range(1, self._pat.shape[1]):
                sel = np.flatnonzero(ok & (size > j))
                if len(sel):
                    want = self._pat[ent[sel], j] * n_types + tid[pos[sel] + j]
                    at = np.minimum(np.searchsorted(accepted, want), max(len(accepted) - 1, 0))
                    ok[sel] = (accepted[at] == want) if len(accepted) else False
        pos, ent, size = pos[ok], ent[ok], size[ok]
        key = self._key[ent]
        # per position and category: the longest entry, then the first listed
        order = np.lexsort((self._order[ent], -size, key, pos))
        pos, ent, size, key = pos[order], ent[order], size[order], key[order]
        head = np.ones(len(pos), dtype=bool)
        head[1:] = (pos[1:] != pos[:-1]) | (key[1:] != key[:-1])
        pos, ent, size, key = pos[head], ent[head], size[head], key[head]
        # within a category, a match starting inside the previous one is dropped
        keep = np.ones(len(pos), dtype=bool)
        for k in np.unique(key[size > 1]).tolist():
            idx = np.flatnonzero(key == k)
            covered = 0
            for i, p, s in zip(idx.tolist(), pos[idx].tolist(), size[idx].tolist()):
                if p < covered:
                    keep[i] = False
                else:
                    covered = p + s
        pos, ent, size, key = pos[keep] + lo, ent[keep], size[keep], key[keep]
        return Matches(table.text[pos], key, table.start[pos], table.end[pos + size - 1], ent)

    def find(self, text: str) -> list[tuple[int, int, int, str]]:
        """``(key, start, end, entry)`` for every match in one text, by start then key."""
        m = self.match(token_table([text]))
        return [(k, s, e, self.entries[i][2]) for k, s, e, i in
                zip(m.key.tolist(), m.start.tolist(), m.end.tolist(), m.entry.tolist())]
