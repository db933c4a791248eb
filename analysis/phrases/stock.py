"""Stock answers: sentences that answerers reuse near-verbatim across transcripts, and how much
of each speaker's (or period's) answering they make up."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .._validation import check_interval, check_option, check_type
from ..periods import period_label
from ..turns import as_turns
from ..types import GroupBy, TurnsLike, by_list
from ._kernels import distinct_units
from ._stored import cached_result
from ._stream import frame_stream
from ._variants import content_diff_ok, content_lemma
from .formulae import _one_speaker_spelling

__all__ = ["stock_answer_rates", "stock_answers"]

_COLUMNS = ["answer", "example", "n_uses", "n_transcripts", "n_speakers", "speakers", "first_date", "last_date",
            "n_variants", "variants", "share_of_transcripts"]
FREQS = ("W", "M", "Q", "Y")


def _sentences(frame: pd.DataFrame, roles: Sequence[str] | None, min_words: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Answer sentences of at least ``min_words`` tokens: the selected turns and one row per
    sentence (``row`` into them, token ``start``/``end`` in the stream, normalized ``wording``,
    ``_char`` of its first token in the turn's text). The turns' other columns are not copied
    to every sentence: a caller takes those it needs, for the rows it keeps (:func:`_columns`)."""
    sub = frame[frame["role"].isin(list(roles))] if roles is not None else frame
    sub = sub.reset_index(drop=True)
    stream = frame_stream(sub, lowercase=True, expand_contractions=True)
    ends = np.unique(stream.seg_end)
    starts = np.concatenate([[0], ends[:-1]]).astype(np.int64)[: len(ends)]  # no sentence: no start
    keep = (ends - starts) >= min_words
    starts, ends = starts[keep], ends[keep]
    rows = stream.row[starts].astype(np.int64) if len(starts) else np.zeros(0, dtype=np.int64)
    sent = pd.DataFrame({
        "row": rows, "start": starts, "end": ends,
        "wording": stream.span_texts(starts, ends),
    })
    sent["_char"] = stream.char_start[starts].astype(np.int64) if len(starts) else np.zeros(0, dtype=np.int64)
    return sub, sent


def _columns(sub: pd.DataFrame, sent: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``sent`` with the turn's value of each of ``columns`` on every sentence (None where
    ``sub`` lacks the column)."""
    rows = sent["row"].to_numpy()
    return sent.assign(**{col: sub[col].to_numpy()[rows] if col in sub else None for col in columns})


def _families(wording: pd.Series, transcript: np.ndarray, similarity: float) -> np.ndarray:
    """Family label per sentence (its ``wording``, and its ``transcript`` as an integer code,
    -1 for none): wordings reused verbatim in two or more transcripts are seeds; any wording
    within ``similarity`` of a seed joins its family."""
    codes, wordings = pd.factorize(wording)
    if not len(wordings):
        return np.zeros(0, dtype=np.int64)
    spread = _spread(codes, transcript, len(wordings))
    seeds = np.flatnonzero(spread >= 2)
    rows, cols = [], []
    if len(seeds):
        for a, b in _cached_pairs(list(wordings), seeds, similarity):
            if a != b and content_diff_ok(wordings[a].split(), wordings[b].split(), similarity):
                rows.append(a)
                cols.append(b)
    n = len(wordings)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels[codes].astype(np.int64)


def _spread(group: np.ndarray, transcript: np.ndarray, n: int) -> np.ndarray:
    """Per group ``0..n-1``, the distinct transcripts (codes ``>= 0``) of its sentences
    (:func:`~analysis.phrases._kernels.distinct_units`, as the formula tables count them)."""
    ok = transcript >= 0
    return distinct_units(group[ok], transcript[ok], n)


def _transcript_codes(sub: pd.DataFrame, sent: pd.DataFrame) -> np.ndarray:
    """The transcript of each sentence as an integer code (-1 for a missing one)."""
    return pd.factorize(sub["transcript_id"])[0][sent["row"].to_numpy()]


#: Lemmas compared with the lemma vocabulary in one call (a block of the score matrix).
_LEMMA_BLOCK = 512
#: Wordings split into tokens at once.
_WORDING_BLOCK = 16384
#: Tokens given their content lemma at once.
_TOKEN_BLOCK = 1 << 20


def _content_candidates(wordings: list[str], seeds: np.ndarray, similarity: float) -> list[np.ndarray | None]:
    """Per seed, the wordings (sorted indices) that can pass :func:`content_diff_ok` with it,
    or None when every wording can (a seed without content words, or ``similarity <= 0``).

    :func:`content_diff_ok` compares the content lemmas
    (:func:`~analysis.phrases._variants.content_lemma`) of the two wordings' ``split()`` tokens. Take any content lemma ``L`` of the seed. Either the
    other wording has ``L`` too, or the seed has ``L`` more often than it, and then the test
    asks for a lemma ``y`` the other wording has more often than the seed with
    ``fuzz.ratio(L, y) >= similarity``. Both ways the wording holds a content lemma ``y`` with
    ``fuzz.ratio(L, y) >= similarity`` (``L`` itself scores 100). So the wordings listed under
    those lemmas (an inverted index from content lemma to wordings) hold every wording that
    passes with the seed: none is dropped. ``L`` is the seed's content lemma used least often
    in all the wordings; the lemmas alike to it are found with rapidfuzz ``cdist`` over the
    lemma vocabulary. With ``similarity <= 0`` every lemma is alike to every other, so nothing
    is left out.
    """
    n = len(wordings)
    if similarity <= 0:
        return [None] * len(seeds)
    counts = np.fromiter((len(w.split()) for w in wordings), dtype=np.int64, count=n)
    offsets = np.concatenate([[0], np.cumsum(counts)])
    # token ids of every wording's split() tokens, a block of wordings at a time
    vocab: dict[str, int] = {}
    occ = np.empty(int(offsets[-1]), dtype=np.int32)  # per token its id, then its content lemma (-1: none)
    for a in range(0, n, _WORDING_BLOCK):
        codes, uniques = pd.factorize(np.array(" ".join(wordings[a:a + _WORDING_BLOCK]).split(), dtype=object))
        ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in uniques), dtype=np.int32, count=len(uniques))
        occ[offsets[a]:offsets[min(a + _WORDING_BLOCK, n)]] = ids[codes]
    lemma_ids: dict[str, int] = {}
    lemmas = map(content_lemma, vocab)
    lemma_of = np.fromiter((-1 if x is None else lemma_ids.setdefault(x, len(lemma_ids)) for x in lemmas),
                           dtype=np.int32, count=len(vocab))
    lemma_text = list(lemma_ids)
    for a in range(0, len(occ), _TOKEN_BLOCK):  # in place: no second array of every token
        occ[a:a + _TOKEN_BLOCK] = lemma_of[occ[a:a + _TOKEN_BLOCK]]
    uses = np.bincount(occ[occ >= 0], minlength=len(lemma_text))
    key = np.full(len(seeds), -1, dtype=np.int64)  # per seed its least used content lemma, -1: none
    for k, s in enumerate(seeds.tolist()):
        own = occ[offsets[s]:offsets[s + 1]]
        own = own[own >= 0]
        if len(own):
            key[k] = own[np.argmin(uses[own])]
    keys = np.unique(key[key >= 0])
    alike: dict[int, np.ndarray] = {}  # per key lemma, the lemmas fuzz.ratio alike to it (itself too)
    for a in range(0, len(keys), _LEMMA_BLOCK):
        block = keys[a:a + _LEMMA_BLOCK]
        scores = process.cdist([lemma_text[x] for x in block.tolist()], lemma_text, scorer=fuzz.ratio,
                               score_cutoff=similarity, dtype=np.float32, workers=-1)
        alike.update((x, np.flatnonzero(row)) for x, row in zip(block.tolist(), scores))
    # the inverted index, for the lemmas alike to a key only: the wordings of each, by lemma
    needed = np.zeros(len(lemma_text) + 1, dtype=bool)  # the last slot: no content lemma
    for ys in alike.values():
        needed[ys] = True
    # one int64 key per posting, lemma * n + wording, sorted: the postings by lemma, then wording
    wording_of = np.repeat(np.arange(n, dtype=np.int32), counts)
    at = needed[occ]
    post = occ[at].astype(np.int64)
    post *= n
    post += wording_of[at]
    del wording_of, at, occ
    post.sort()
    bounds = np.searchsorted(post, np.arange(len(lemma_text) + 1, dtype=np.int64) * n)
    post_wording = (post % n).astype(np.int32)
    del post
    listed = {x: np.unique(np.concatenate([post_wording[bounds[y]:bounds[y + 1]] for y in ys.tolist()]))
              for x, ys in alike.items()}
    return [listed[x] if x >= 0 else None for x in key.tolist()]


def _similar_pairs(wordings: list[str], seeds: np.ndarray, similarity: float) -> list[tuple[int, int]]:
    """Every ``(seed, wording)`` pair with ``fuzz.ratio >= similarity`` (and above 0) whose
    wording may pass :func:`content_diff_ok` with the seed (:func:`_content_candidates`): every
    pair that can pass both tests, by seed then wording.

    ``fuzz.ratio`` is ``100 (1 - d / (m + n))`` for lengths ``m`` and ``n`` and an Indel
    distance ``d >= |m - n|``, so a pair can reach ``similarity`` only when
    ``|m - n| <= f (m + n)`` with ``f = 1 - similarity / 100``. Each seed is scored (rapidfuzz
    ``cdist``, on every core) only against its candidates whose length can pass: the pairs of
    scoring every seed against every wording that :func:`content_diff_ok` can accept, with a
    small part of the work.
    """
    lens = np.fromiter(map(len, wordings), dtype=np.int64, count=len(wordings))
    everyone = np.arange(len(wordings), dtype=np.int64)
    f = 1.0 - similarity / 100.0
    seeds = np.sort(np.asarray(seeds, dtype=np.int64))
    pairs: list[tuple[int, int]] = []
    for s, cand in zip(seeds.tolist(), _content_candidates(wordings, seeds, similarity)):
        cand = everyone if cand is None else cand
        if f < 1:
            m = int(lens[s])
            length = lens[cand]
            cand = cand[(length >= np.floor(m * (1 - f) / (1 + f))) & (length <= np.ceil(m * (1 + f) / (1 - f)))]
        if not len(cand):
            continue
        scores = process.cdist([wordings[s]], [wordings[j] for j in cand.tolist()], scorer=fuzz.ratio,
                               score_cutoff=similarity, dtype=np.uint8, workers=-1)
        pairs.extend((s, j) for j in cand[np.flatnonzero(scores[0])].tolist())
    return pairs


def _cached_pairs(wordings: list[str], seeds: np.ndarray, similarity: float) -> list[tuple[int, int]]:
    """:func:`_similar_pairs`, kept in the on-disk cache (``ANALYSIS_CACHE``, see
    :mod:`analysis.cache`; entries of kind ``stock_pairs``, through
    :func:`analysis.cache.cached_frame`) as one entry keyed by the wordings, the seeds,
    ``similarity``, this module's source and rapidfuzz's version: a warm run reads the pairs
    instead of scoring them. An entry whose pairs do not fit the wordings is scored afresh with
    a :class:`~analysis.cache.CacheWarning`."""
    from ..cache import bad_entry, cached_frame, content_key, entry_path, source_key, versions

    made: dict[str, str] = {}

    def key() -> str:
        made["key"] = content_key("stock-similar-pairs", source_key("analysis.phrases.stock"), versions("rapidfuzz"),
                                  repr(float(similarity)), np.asarray(seeds, dtype=np.int64).tobytes(),
                                  str(len(wordings)), *wordings)
        return made["key"]

    def compute() -> pd.DataFrame:
        pairs = _similar_pairs(wordings, seeds, similarity)
        return pd.DataFrame({"seed": np.array([p[0] for p in pairs], dtype=np.int64),
                             "wording": np.array([p[1] for p in pairs], dtype=np.int64)})

    table = cached_frame("stock_pairs", key, compute)
    try:
        if list(table.columns) != ["seed", "wording"] or any(table[c].dtype != np.int64 for c in table.columns):
            raise ValueError(f"has columns {list(table.columns)} of types {list(map(str, table.dtypes))}")
        a, b = table["seed"].to_numpy(), table["wording"].to_numpy()
        if len(a) and (min(a.min(), b.min()) < 0 or max(a.max(), b.max()) >= len(wordings)):
            raise ValueError("holds indices out of range")
    except ValueError as exc:
        bad_entry(entry_path(made.get("key", ""), kind="stock_pairs", cache=None) or "stock_pairs",
                  f"does not fit its wordings ({exc})")
        return _similar_pairs(wordings, seeds, similarity)
    return list(zip(a.tolist(), b.tolist()))


def _examples(sub: pd.DataFrame, first: pd.DataFrame) -> list[str]:
    """The original sentence (punctuation and case as spoken) of each sentence row of
    ``first`` (a family's first use): the sentence of the turn's text (``sub``'s row ``row``)
    that holds its first token (character ``_char``), or its ``wording`` when none does.

    Only the turns of these rows are split into sentences (:func:`analysis.sentences.sentence_spans_table`:
    a text's sentences depend on that text alone, so they are those of the sentence layer of
    every turn), not the whole of ``sub``.
    """
    from ..sentences import sentence_spans_table

    rows = first["row"].to_numpy(dtype=np.int64)
    held = np.unique(rows)
    texts = sub["text"].fillna("").astype(str).to_numpy()[held].tolist()
    sentences = sentence_spans_table(texts)
    out = []
    for i, first_char, wording in zip(np.searchsorted(held, rows).tolist(), first["_char"].tolist(),
                                      first["wording"].tolist()):
        text = texts[i]
        out.append(next((" ".join(text[s:e].replace("\u2019", "'").split())
                         for s, e in sentences.spans(i) if s <= first_char < e), wording))
    return out


def _check(caller: str, roles, min_transcripts: int, min_words: int, similarity: float) -> None:
    if roles is not None:
        check_type("roles", roles, (list, tuple, set, frozenset), caller=caller)
    check_interval("min_transcripts", min_transcripts, low=2, caller=caller, integer=True)
    check_interval("min_words", min_words, low=1, caller=caller, integer=True)
    check_interval("similarity", similarity, low=0, high=100, caller=caller)


def stock_answers(
    turns: TurnsLike,
    *,
    roles: Sequence[str] | None = ("official",),
    min_transcripts: int = 3,
    min_words: int = 4,
    similarity: float = 90.0,
) -> pd.DataFrame:
    """Sentences answerers reuse near-verbatim across transcripts ("We have noted the relevant
    reports.", "I would refer you to the competent authorities.").

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``, ``transcript_id``, ``speaker`` and (unless ``roles`` is None)
        ``role``; ``date`` is used when present. With ``speaker_key``, the spellings of one
        person ("DR. FAUCI", "MR. FAUCI") are one speaker, named by the most frequent spelling
        (:func:`analysis.overview.one_spelling_per_speaker`), in ``n_speakers`` and ``speakers``.
    roles : sequence of str or None, default=("official",)
        Whose sentences count; None for every turn.
    min_transcripts : int, default=3
        A stock answer is used in at least this many transcripts.
    min_words : int, default=4
        Shorter sentences ("Thank you.") are not considered.
    similarity : float, default=90.0
        rapidfuzz ``ratio`` (0-100) for two wordings to be one answer; the words that
        differ must be function words, pronouns or spelling/inflection variants.

    Returns
    -------
    pandas.DataFrame
        One row per stock answer, by ``n_transcripts`` descending, then ``n_uses``
        descending, then ``answer``. Columns: ``answer`` (most used wording, normalized:
        lower case, no punctuation, contractions expanded), ``example`` (its first use as
        spoken), ``n_uses`` (sentences), ``n_transcripts``, ``n_speakers``, ``speakers``
        (tuple, most uses first), ``first_date``, ``last_date``, ``n_variants``,
        ``variants`` (tuple of normalized wordings, most used first),
        ``share_of_transcripts`` (of the transcripts with a selected turn).

    Raises
    ------
    ValueError
        Bad thresholds; a missing column.

    Notes
    -----
    Wordings reused verbatim (after normalization) in two or more transcripts seed the
    answers; every wording within ``similarity`` of a seed (rapidfuzz ``process.cdist``)
    joins it, and linked seeds merge (connected components). An answer reworded every time
    with no verbatim reuse is not found. With an on-disk cache (``ANALYSIS_CACHE``) the
    similar pairs are kept there, keyed by the wordings, so a second run does not score them.

    References
    ----------
    Wray, A. (2002). Formulaic Language and the Lexicon. Cambridge University Press.

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b", "c"], "speaker": ["Lu", "Hua", "Lu"],
    ...     "role": ["official"] * 3,
    ...     "text": ["We have noted the relevant reports. Trade is fine.",
    ...              "We have noted the relevant reports. Nothing else.",
    ...              "We noted the relevant reports."]})
    >>> stock_answers(turns, min_transcripts=3)[["answer", "n_transcripts", "n_variants"]].values.tolist()
    [['we have noted the relevant reports', 3, 2]]
    """
    caller = "stock_answers"
    _check(caller, roles, min_transcripts, min_words, similarity)
    need = ("text", "transcript_id", "speaker") + (("role",) if roles is not None else ())
    frame = _one_speaker_spelling(as_turns(turns, caller=caller, columns=need))
    options = (None if roles is None else sorted(map(repr, roles)), min_transcripts, min_words, float(similarity))
    return cached_result("stock-answers-v1", frame, ("transcript_id", "speaker", "date", "role"), options,
                         lambda: _stock_table(frame, roles, min_transcripts, min_words, similarity))


def _stock_table(frame: pd.DataFrame, roles: Sequence[str] | None, min_transcripts: int, min_words: int,
                 similarity: float) -> pd.DataFrame:
    """The frame of :func:`stock_answers` (options checked), computed."""
    sub, sent = _sentences(frame, roles, min_words)
    empty = pd.DataFrame({c: pd.Series(dtype="int64" if c.startswith("n_") else object) for c in _COLUMNS})
    if sent.empty:
        return empty
    transcript = _transcript_codes(sub, sent)
    family = _families(sent["wording"], transcript, similarity)
    spread = _spread(family, transcript, int(family.max()) + 1)
    kept = spread[family] >= min_transcripts
    if not kept.any():
        return empty
    sent = _columns(sub, sent[kept].assign(family=family[kept]), ("transcript_id", "speaker", "date"))
    if "date" in sent:
        sent = sent.assign(date=pd.to_datetime(sent["date"]))
    sent = sent.sort_values(["family", "date", "transcript_id", "row", "start"], na_position="last")
    g = sent.groupby("family", sort=True)
    by_wording = sent.groupby(["family", "wording"]).size().reset_index(name="c") \
        .sort_values(["family", "c", "wording"], ascending=[True, False, True])
    variants = by_wording.groupby("family", sort=True)["wording"].agg(tuple)
    by_speaker = sent.groupby(["family", "speaker"]).size().reset_index(name="c") \
        .sort_values(["family", "c", "speaker"], ascending=[True, False, True])
    speakers = by_speaker.groupby("family", sort=True)["speaker"].agg(tuple)
    first_rows = g.head(1).set_index("family")
    n_tx = sub["transcript_id"].nunique()
    out = pd.DataFrame({
        "answer": variants.map(lambda v: v[0]),
        "example": _examples(sub, first_rows.loc[variants.index]),
        "n_uses": g.size(),
        "n_transcripts": g["transcript_id"].nunique(),
        "n_speakers": g["speaker"].nunique(),
        "speakers": speakers,
        "first_date": g["date"].min() if "date" in sent else pd.NaT,
        "last_date": g["date"].max() if "date" in sent else pd.NaT,
        "n_variants": variants.map(len),
        "variants": variants,
    })
    out["share_of_transcripts"] = out["n_transcripts"] / n_tx
    return out.reset_index(drop=True)[_COLUMNS].sort_values(
        ["n_transcripts", "n_uses", "answer"], ascending=[False, False, True], ignore_index=True)


def stock_answer_rates(
    turns: TurnsLike,
    stock: pd.DataFrame | None = None,
    *,
    by: GroupBy | None = "speaker",
    freq: str | None = None,
    roles: Sequence[str] | None = ("official",),
    min_transcripts: int = 3,
    min_words: int = 4,
    similarity: float = 90.0,
) -> pd.DataFrame:
    """How much of the answering is stock answers: reuse rate per group and/or period.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        As for :func:`stock_answers` (``date`` needed when ``freq`` is given).
    stock : pandas.DataFrame or None, default=None
        The result of :func:`stock_answers` (its ``variants`` are matched exactly); None
        computes it with the options below.
    by : str, list of str or None, default="speaker"
        Grouping column(s) of the turns; None for no grouping. By ``speaker``, the spellings
        of one ``speaker_key`` are one group, as in :func:`stock_answers`.
    freq : {"W", "M", "Q", "Y"} or None, default=None
        Also group by period of ``date``.
    roles, min_transcripts, min_words, similarity
        As for :func:`stock_answers`.

    Returns
    -------
    pandas.DataFrame
        One row per group (and period), sorted by the ``by`` columns then ``period``.
        Columns: the ``by`` columns, ``period`` (when ``freq``; missing on the row of the
        undated turns' sentences, which are counted apart, not dropped), ``n_sentences`` (answer
        sentences of at least ``min_words`` tokens), ``n_stock`` (of them, stock answers),
        ``rate`` (n_stock / n_sentences), ``n_answers`` (distinct stock answers used).

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b", "c"], "speaker": ["Lu", "Hua", "Lu"],
    ...     "role": ["official"] * 3,
    ...     "text": ["We have noted the relevant reports. Trade is going fine.",
    ...              "We have noted the relevant reports.",
    ...              "We have noted the relevant reports."]})
    >>> stock_answer_rates(turns)[["speaker", "n_sentences", "n_stock", "rate"]].values.tolist()
    [['Hua', 1, 1, 1.0], ['Lu', 3, 2, 0.6666666666666666]]
    """
    caller = "stock_answer_rates"
    _check(caller, roles, min_transcripts, min_words, similarity)
    if freq is not None:
        check_option("freq", freq, set(FREQS), caller=caller)
    if stock is not None:
        check_type("stock", stock, pd.DataFrame, caller=caller)
        if "variants" not in stock:
            raise ValueError(f"{caller}(): stock must be the frame from stock_answers() (with 'variants'); "
                             f"got columns {list(stock.columns)}.")
    cols = by_list(by)
    need = ("text", "transcript_id", "speaker", *cols) + (("role",) if roles is not None else ()) \
        + (("date",) if freq is not None else ())
    frame = as_turns(turns, caller=caller, columns=tuple(dict.fromkeys(need)))
    if "speaker" in cols:  # one person spelt two ways is one speaker
        frame = _one_speaker_spelling(frame)
    if stock is None:
        stock = stock_answers(frame, roles=roles, min_transcripts=min_transcripts, min_words=min_words,
                              similarity=similarity)
    sub, sent = _sentences(frame, roles, min_words)
    lookup = {w: i for i, vs in enumerate(stock["variants"]) for w in vs}
    sent["answer"] = sent["wording"].map(lookup)
    sent = _columns(sub, sent, list(dict.fromkeys([*cols, *(("date",) if freq is not None else ())])))
    keys = list(cols)
    if freq is not None:
        sent["period"] = period_label(sent["date"], freq)  # None where undated
        keys.append("period")
    if not keys:
        sent["_all"] = 0
        keys = ["_all"]
    out = sent.groupby(keys, dropna=False, sort=True).agg(
        n_sentences=("wording", "size"), n_stock=("answer", "count"), n_answers=("answer", "nunique"))
    out = out.reset_index()
    out["rate"] = out["n_stock"] / out["n_sentences"]
    out = out.drop(columns=["_all"], errors="ignore")
    order = [c for c in keys if c != "_all"]
    out = out[[*order, "n_sentences", "n_stock", "rate", "n_answers"]]
    return out.sort_values(order, ignore_index=True) if order else out
