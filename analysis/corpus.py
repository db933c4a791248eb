"""The :class:`Corpus`: transcripts of speaker- and role-aware turns, and its tables.

>>> from analysis.corpus import load_corpus
>>> corpus = load_corpus("data")                      # doctest: +SKIP
>>> corpus.turns().groupby("role")["n_words"].sum()   # doctest: +SKIP

``Corpus.turns()`` (one row per turn), ``paragraphs()``, ``summary()`` (one row per
transcript), ``speakers()`` (who speaks under which labels, in which role and why),
``layouts()`` (how each file was read), ``boilerplate()`` (lines kept aside: headers, page
furniture, markup), ``notes()`` (everything repaired, converted, skipped or merged) and
``duplicates()``. Reading files is :func:`analysis.loader.load_corpus`, re-exported here;
hostile input is read or refused, never silently altered (``tests/test_hardening.py`` is the
catalogue of such inputs and their outcomes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from ._validation import check_interval
from .model import Boilerplate, Note, Paragraph, Transcript, Turn
from .turns import TURN_COLUMNS, as_turns  # the turns table lives on the bottom floor; re-exported
from .wordcounts import _chunk_word_counts
from .wordcounts import word_counts as _word_counts

__all__ = ["Corpus", "Transcript", "Turn", "Paragraph", "Boilerplate", "Note", "load_corpus",
           "TURN_COLUMNS", "NOTE_COLUMNS", "TRANSCRIPT_SUFFIXES", "as_turns"]

#: Columns of :meth:`Corpus.notes`.
NOTE_COLUMNS = ("transcript_id", "kind", "path", "line", "message")


class Corpus:
    """A collection of transcripts; the input of every analysis.

    Parameters
    ----------
    transcripts : iterable of Transcript
    problems : sequence of str, default=()
        Messages for files that could not be read (``load_corpus(on_error="collect")``).
    notes : sequence of Note, default=()
        Corpus-level notes (e.g. a metadata row naming a missing file); per-transcript notes
        live on each ``Transcript``. :meth:`notes` lists both.
    """

    def __init__(self, transcripts: Iterable[Transcript], problems: Sequence[str] = (),
                 notes: Sequence[Note] = ()) -> None:
        self.transcripts: tuple[Transcript, ...] = tuple(transcripts)
        self.problems: tuple[str, ...] = tuple(problems)
        self._notes: tuple[Note, ...] = tuple(notes)
        self._turns: pd.DataFrame | None = None
        #: The cache folder of the load (:func:`~analysis.loader.load_corpus` ``cache=``):
        #: word counts of the turns are kept there.
        self._cache = None
        #: Whether entries can be stored in ``_cache`` (None: not known, asked of the folder);
        #: a load that found the folder unwritable says so, and is not told it again.
        self._cache_writable: bool | None = None
        #: ``(transcripts, counts)``: the word counts of the turns of ``transcripts`` (in order)
        #: when the load knows them; used while ``self.transcripts`` is that very tuple.
        self._word_counts: tuple[tuple[Transcript, ...], list[int]] | None = None

    def __len__(self) -> int:
        return len(self.transcripts)

    def __iter__(self) -> Iterator[Transcript]:
        return iter(self.transcripts)

    def __getitem__(self, transcript_id: str) -> Transcript:
        for t in self.transcripts:
            if t.id == transcript_id:
                return t
        raise KeyError(f"no transcript {transcript_id!r} in this corpus")

    def __repr__(self) -> str:
        n_turns = sum(len(t.turns) for t in self.transcripts)
        return f"<Corpus: {len(self)} transcripts, {n_turns} turns>"

    def notes(self) -> pd.DataFrame:
        """What was repaired, converted, guessed or overridden while reading the corpus.

        Nothing is changed silently: mojibake repaired, bytes read in another encoding, NUL
        characters dropped from speech, HTML or front matter converted, a metadata value
        that differs from the text (metadata wins), duplicate files, metadata rows for
        missing files.

        Returns
        -------
        pandas.DataFrame
            One row per note, by ``path``, ``line``, ``kind``: ``transcript_id`` ("" for
            corpus-level notes), ``kind``, ``path``, ``line`` (Int64, NA when not about one
            line), ``message``.
        """
        rows = [("", n.kind, n.path, n.line, n.message) for n in self._notes]
        rows += [(t.id, n.kind, n.path, n.line, n.message) for t in self.transcripts for n in t.notes]
        frame = pd.DataFrame(rows, columns=list(NOTE_COLUMNS))
        frame["line"] = frame["line"].astype("Int64")
        return frame.sort_values(["path", "line", "kind", "transcript_id"], ignore_index=True, na_position="first")

    def turns(self) -> pd.DataFrame:
        """One row per turn.

        Returns
        -------
        pandas.DataFrame
            Columns: ``transcript_id``, ``date`` (datetime64, NaT if unknown), ``title``,
            ``source``, ``kind``, ``speaker``, ``speaker_key``, ``role``, ``role_reason`` (why
            the speaker has that role, in words), ``outlet``,
            ``label`` (as written), ``turn_index``, ``answers_turn`` (the question's
            ``turn_index``, for answers), ``exchange`` (the question's ``turn_index`` for a
            question and its answers), ``text`` (speech, stage directions removed),
            ``n_words``, ``n_paragraphs``, ``directions`` (stage directions, newline-joined),
            ``path``, ``line``, then any metadata variables. A fresh copy on every call.
        """
        if self._turns is None:
            self._turns = self._build_turns()
        return self._turns.copy()

    def _build_turns(self) -> pd.DataFrame:
        extra_cols = sorted({k for t in self.transcripts for k in t.extra})
        known = self._word_counts
        n_words = iter(known[1] if known is not None and known[0] is self.transcripts else
                       _cached_word_counts([u.text for t in self.transcripts for u in t.turns], self._cache,
                                           self._cache_writable))
        rows = []
        for t in self.transcripts:
            for u in t.turns:
                exchange = u.index if u.role == "questioner" else u.answers_turn
                page = u.paragraphs[0].page if u.paragraphs else 0
                rows.append((
                    t.id, t.date, t.title, t.source, t.kind, u.speaker, u.speaker_key, u.role,
                    u.role_reason, u.outlet, u.label, u.index, u.answers_turn, exchange, u.text,
                    next(n_words), sum(1 for p in u.paragraphs if p.speech),
                    "\n".join(u.directions), t.pages[page] if t.pages else "",
                    u.line if u.paragraphs else 0,
                    *(t.extra.get(c) for c in extra_cols),
                ))
        frame = pd.DataFrame(rows, columns=[*TURN_COLUMNS, *extra_cols])
        frame["date"] = pd.to_datetime(frame["date"])
        for col in ("answers_turn", "exchange"):
            frame[col] = frame[col].astype("Int64")
        for col in ("turn_index", "n_words", "n_paragraphs", "line"):
            frame[col] = frame[col].astype("int64")
        return frame

    def summary(self) -> pd.DataFrame:
        """One row per transcript.

        Returns
        -------
        pandas.DataFrame
            Columns: ``transcript_id``, ``date``, ``title``, ``source``, ``kind``, ``url``,
            ``format``, ``encoding``, ``n_pages``, ``n_turns``, ``n_questions``, ``n_words``,
            ``path``.
        """
        turns = self.turns()
        words = turns.groupby("transcript_id")["n_words"].sum()
        questions = turns[turns["role"] == "questioner"].groupby("transcript_id").size()
        rows = [
            (t.id, t.date, t.title, t.source, t.kind, t.url, t.format, t.encoding, len(t.pages),
             len(t.turns), int(questions.get(t.id, 0)), int(words.get(t.id, 0)), t.path)
            for t in self.transcripts
        ]
        frame = pd.DataFrame(rows, columns=["transcript_id", "date", "title", "source", "kind", "url",
                                            "format", "encoding", "n_pages", "n_turns", "n_questions",
                                            "n_words", "path"])
        frame["date"] = pd.to_datetime(frame["date"])
        return frame

    def paragraphs(self) -> pd.DataFrame:
        """One row per paragraph of speech (empty ones, such as lone labels, left out).

        Returns
        -------
        pandas.DataFrame
            Columns: ``transcript_id``, ``date``, ``speaker``, ``role``, ``turn_index``,
            ``paragraph_index``, ``text``, ``n_words``, ``path``, ``line``.
        """
        rows = []
        n_words = iter(_paragraph_word_counts([u for t in self.transcripts for u in t.turns]))
        for t in self.transcripts:
            for u in t.turns:
                k = 0
                for p in u.paragraphs:
                    if not p.speech:
                        continue
                    rows.append((t.id, t.date, u.speaker, u.role, u.index, k, p.speech,
                                 next(n_words), t.pages[p.page], p.line))
                    k += 1
        frame = pd.DataFrame(rows, columns=["transcript_id", "date", "speaker", "role", "turn_index",
                                            "paragraph_index", "text", "n_words", "path", "line"])
        frame["date"] = pd.to_datetime(frame["date"])
        return frame

    def boilerplate(self) -> pd.DataFrame:
        """Lines kept aside from speech: columns ``transcript_id``, ``kind``, ``text``, ``path``, ``line``."""
        rows = [(t.id, b.kind, b.raw, t.pages[b.page], b.line) for t in self.transcripts for b in t.boilerplate]
        return pd.DataFrame(rows, columns=["transcript_id", "kind", "text", "path", "line"])

    def speakers(self) -> pd.DataFrame:
        """Who speaks in each transcript, under which labels, in which role and why.

        Returns
        -------
        pandas.DataFrame
            One row per transcript, speaker key and label as written, by ``transcript_id``
            then ``speaker_key`` then ``label``: ``transcript_id``, ``speaker_key``,
            ``speaker``, ``label``, ``role``, ``role_reason``, ``n_turns``, ``n_words``,
            ``merged`` (True when this label was read as another spelling of the key; the
            reason is in ``Corpus.notes()``, kind ``speaker_merge``).
        """
        turns = self.turns()
        cols = ["transcript_id", "speaker_key", "speaker", "label", "role", "role_reason", "n_turns", "n_words",
                "merged"]
        if turns.empty:
            return pd.DataFrame(columns=cols)
        g = (turns.groupby(["transcript_id", "speaker_key", "speaker", "label", "role", "role_reason"], sort=True,
                           dropna=False)
             .agg(n_turns=("turn_index", "size"), n_words=("n_words", "sum")).reset_index())
        g["merged"] = _merged_labels(g["transcript_id"], g["label"], self._merge_notes())
        return g[cols]

    def _merge_notes(self) -> dict[str, set[str]]:
        """The keys each transcript's ``speaker_merge`` notes say were read as another."""
        from .parsers.speakers import merged_name

        return {t.id: {n for n in (merged_name(x.message) for x in t.notes if x.kind == "speaker_merge") if n}
                for t in self.transcripts}

    def layouts(self) -> pd.DataFrame:
        """How each transcript's file was read: its layout and its label grammar.

        Returns
        -------
        pandas.DataFrame
            One row per transcript: ``transcript_id``, ``path``, ``format`` (``qa``,
            ``labels``, ``inline``, ``plain``, ``page``, ``html``, ``xml``, ``json``, ``csv``...),
            ``labels`` (the kinds of label accepted and how often: ``colon`` "Name:",
            ``dot`` "NAME.", ``q`` "Q" followed by white space, ``markup`` a label in bold or
            its own paragraph, ``attribute`` a structured speaker field), ``examples`` (the
            most used labels), ``rejected`` (label-shaped lines read as speech, with why),
            ``n_turns``, ``n_speakers``, ``n_boilerplate``.
        """
        rows = []
        for t in self.transcripts:
            lay = t.layout or {}
            rows.append((t.id, t.path, t.format, lay.get("labels", ""), lay.get("examples", ""),
                         lay.get("rejected", ""), len(t.turns), len({u.speaker_key for u in t.turns}),
                         len(t.boilerplate)))
        return pd.DataFrame(rows, columns=["transcript_id", "path", "format", "labels", "examples", "rejected",
                                           "n_turns", "n_speakers", "n_boilerplate"])

    def duplicates(self, *, threshold: float = 0.5, shingle: int = 5) -> pd.DataFrame:
        """Pairs of transcripts with the same or nearly the same speech.

        Near-duplicates are common in scraped collections (a page republished with
        corrected wording or curly quotes). Similarity is the Jaccard index of the sets of
        word ``shingle``-grams of the two transcripts (Broder 1997), compared after
        lower-casing and removing quotes and apostrophes.

        Parameters
        ----------
        threshold : float, default=0.5
            Report pairs at least this similar (1.0: identical word sequences). On the
            bundled corpus a republished briefing scores 0.55 and the most similar distinct
            briefings below 0.1.
        shingle : int, default=5
            Length of the word n-grams compared.

        Returns
        -------
        pandas.DataFrame
            One row per pair, by ``similarity`` descending then ids: ``transcript_a``,
            ``transcript_b``, ``similarity``, ``path_a``, ``path_b``.

        References
        ----------
        Broder, A. (1997). On the resemblance and containment of documents. Compression
        and Complexity of Sequences, 21-29.
        """
        from sklearn.feature_extraction.text import CountVectorizer

        check_interval("threshold", threshold, low=0.0, high=1.0, caller="Corpus.duplicates")
        check_interval("shingle", shingle, low=1, caller="Corpus.duplicates", integer=True)
        cols = ["transcript_a", "transcript_b", "similarity", "path_a", "path_b"]
        docs = []
        for t in self.transcripts:
            norm = " ".join(u.text for u in t.turns).casefold()
            docs.append(re.sub(r"[\u2018\u2019\u201c\u201d\"'`]", "", norm))
        if len(docs) < 2:
            return pd.DataFrame(columns=cols)
        vec = CountVectorizer(ngram_range=(shingle, shingle), binary=True, token_pattern=r"(?u)\b\w+\b",
                              lowercase=False, dtype=np.int32)
        try:
            x = vec.fit_transform(docs)
        except ValueError:  # no document has enough words for one shingle
            return pd.DataFrame(columns=cols)
        sizes = np.asarray(x.sum(axis=1)).ravel()
        inter = (x @ x.T).tocoo()
        keep = inter.row < inter.col
        r, c, v = inter.row[keep], inter.col[keep], inter.data[keep]
        sim = v / np.maximum(sizes[r] + sizes[c] - v, 1)
        hit = sim >= threshold
        ts = self.transcripts
        rows = [(ts[i].id, ts[j].id, float(s), ts[i].path, ts[j].path) for i, j, s in zip(r[hit], c[hit], sim[hit])]
        out = pd.DataFrame(rows, columns=cols)
        return out.sort_values(["similarity", "transcript_a", "transcript_b"], ascending=[False, True, True],
                               ignore_index=True)


# ---------------------------------------------------------------------------------------
def _cached_word_counts(texts: list[str], cache, writable: bool | None = None) -> list[int]:
    """:func:`analysis.wordcounts.word_counts` of ``texts``, kept in the cache folder ``cache`` (None: none) as one
    entry keyed by every text, the source of the counting code and the library versions.

    ``writable``: whether entries can be stored there, when known (a load that found the
    folder unwritable, and warned, passes False: no second warning); None asks the folder."""
    if cache is None:
        return _word_counts(texts)
    import pyarrow as pa

    from .cache import content_key, open_cache, read_table, source_key, write_table

    root, writable = open_cache(cache) if writable is None else (cache, writable)
    if root is None:
        return _word_counts(texts)
    key = content_key("word_counts", source_key("analysis.corpus", "analysis.text", "analysis.tokens"),
                      str(len(texts)), *texts)
    table = read_table(key, kind="word_counts", cache=root)
    if (table is not None and table.column_names == ["n_words"] and table.num_rows == len(texts)
            and pa.types.is_int64(table.column(0).type)):
        return table.column(0).to_numpy().tolist()
    counts = _word_counts(texts)
    if writable:
        write_table(key, pa.table({"n_words": pa.array(counts, type=pa.int64())}), kind="word_counts", cache=root)
    return counts


def _paragraph_word_counts(turns: Sequence[Turn]) -> list[int]:
    """``analysis.text.count_words`` of each paragraph with speech of ``turns``, in order.

    A paragraph without a Han character is counted chunk by chunk; the others are counted in
    the token table of the turns' texts (the one ``turns()`` and the analyses use), as the
    word tokens starting inside the paragraph: a turn's text is its paragraphs joined by
    blank lines, and tokens never span white space, so these are the paragraph's own tokens
    and nothing is segmented a second time.
    """
    speeches = [[p.speech for p in u.paragraphs if p.speech] for u in turns]
    flat = iter(_chunk_word_counts([s for ps in speeches for s in ps]))
    counts = [[next(flat) for _ in ps] for ps in speeches]
    if not any(n < 0 for ns in counts for n in ns):
        return [n for ns in counts for n in ns]
    from .tokens import token_table

    texts = [u.text for u in turns]
    table = token_table(texts)
    word = table.type_is_word[table.tid]
    text_of = table.text[word].astype(np.int64)
    start = table.start[word].astype(np.int64)
    first = np.searchsorted(text_of, np.arange(len(texts) + 1))  # tokens of text i: first[i]:first[i + 1]
    out: list[int] = []
    for i, (ps, ns) in enumerate(zip(speeches, counts)):
        if any(n < 0 for n in ns):
            if texts[i] != "\n\n".join(ps):  # not the layout assumed: count the paragraphs alone
                ns = [n if n >= 0 else _word_counts([s])[0] for s, n in zip(ps, ns)]
            else:
                starts = start[first[i]:first[i + 1]]
                lo = np.cumsum([0, *(len(s) + 2 for s in ps[:-1])])
                hi = lo + np.array([len(s) for s in ps])
                inside = np.searchsorted(starts, hi) - np.searchsorted(starts, lo)
                ns = [n if n >= 0 else int(k) for n, k in zip(ns, inside)]
        out.extend(ns)
    return out


# The loader reads files into a Corpus; it lives in its own module (analysis.loader) and is
# re-exported here, where users have always imported it from.
from .loader import _TABLE_SUFFIX, TRANSCRIPT_SUFFIXES, WARN_KINDS, load_corpus  # noqa: E402,F401


def _merged_labels(tids: Iterable[str], labels: Iterable[str | None],
                   merged: dict[str, set[str]]) -> list[bool]:
    """Whether each label is one a ``speaker_merge`` note names (by its written or its name key).

    Parameters
    ----------
    tids, labels : iterable
        Each row's transcript id and label as written.
    merged : mapping
        ``{transcript id: keys its notes say were read as another speaker}``.

    Returns
    -------
    list of bool
        The notes are the one record of merges, so the flag and the notes agree.
    """
    from .parsers import roles as rl
    from .parsers.speakers import name_key

    return [bool(lab) and isinstance(lab, str) and bool(merged.get(t))
            and (rl.speaker_key(lab) in merged[t] or name_key(lab) in merged[t])
            for t, lab in zip(tids, labels)]
