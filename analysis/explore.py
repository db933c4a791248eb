"""Interactive exploration in Jupyter: a term or phrase (its trend, who uses it, its KWIC lines,
each line's whole turn with its question or answer), two groups side by side (a keyness
scatter as scattertext draws it), topics (terms, phrases, passages) and formulae (variants,
timeline).

The views are plain functions returning tidy DataFrames (testable without a browser);
:func:`explorer` wires them to ipywidgets. Figures are drawn to PNG bytes and shown in the
explorer's own ``Image`` widgets, so the explorer works under any matplotlib backend (no
``%matplotlib inline`` needed). ``python -m analysis explore`` writes the same views as one
HTML page (:mod:`analysis.site`).

>>> from analysis.corpus import load_corpus          # doctest: +SKIP
>>> from analysis.explore import explorer             # doctest: +SKIP
>>> explorer(load_corpus("data"))                     # doctest: +SKIP
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._validation import check_interval, check_option
from .turns import as_turns
from .types import TurnsLike

__all__ = ["TermReport", "term_report", "turn_context", "group_scatter", "topic_report", "formula_report",
           "figure_png", "explorer"]

CONTEXT_COLUMNS = ["relation", "transcript_id", "date", "turn_index", "speaker", "role", "text"]


@dataclass(frozen=True)
class TermReport:
    """Everything the explorer shows for one term or phrase.

    Attributes
    ----------
    pattern : str
    trends : pandas.DataFrame
        From :func:`analysis.terms.term_trends`.
    lines : pandas.DataFrame
        From :func:`analysis.terms.kwic`.
    users : pandas.DataFrame
        One row per speaker: ``speaker``, ``role``, ``matches``, ``words`` (all words the
        speaker spoke), ``per_1000`` (matches per 1,000 of those words); by ``matches``
        descending then speaker.
    """

    pattern: str
    trends: pd.DataFrame
    lines: pd.DataFrame
    users: pd.DataFrame

    @property
    def n_matches(self) -> int:
        """Number of KWIC lines (occurrences)."""
        return len(self.lines)

    def figure(self) -> Figure:
        """The trend figure."""
        from .plots.terms import plot_term_trends

        return plot_term_trends(self.trends)


def term_report(turns: TurnsLike, pattern: str, *, freq: str = "quarter", window: int = 6) -> TermReport:
    """Trend, KWIC lines and users of ``pattern`` (a word, a phrase, or a ``*`` wildcard).

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
    pattern : str
        As for :func:`analysis.terms.kwic`: ``"sovereignty"``, ``"internal affairs"``,
        ``"firm*"``.
    freq : {"month", "quarter", "year"}, default="quarter"
        Trend period.
    window : int, default=6
        Words of context either side.

    Returns
    -------
    TermReport

    Examples
    --------
    >>> t = pd.DataFrame({"transcript_id": ["a", "b"], "date": pd.to_datetime(["2020-01-05", "2020-05-01"]),
    ...                   "speaker": ["X", "Y"], "role": ["official", "questioner"], "turn_index": [0, 0],
    ...                   "path": ["a.txt", "b.txt"], "line": [1, 1], "n_words": [4, 3],
    ...                   "text": ["We firmly oppose it.", "Firmly? Really firmly?"]})
    >>> r = term_report(t, "firmly")
    >>> r.n_matches, r.users[["speaker", "matches"]].values.tolist()
    (3, [['Y', 2], ['X', 1]])
    """
    from .terms import kwic, term_trends

    check_option("freq", freq, {"month", "quarter", "year"}, caller="term_report")
    check_interval("window", window, low=0, caller="term_report", integer=True)
    frame = as_turns(turns, caller="term_report", columns=("text", "speaker", "role"))
    lines = kwic(frame, pattern, window=window)
    trends = term_trends(frame, pattern, freq=freq) if "date" in frame else pd.DataFrame()
    words = frame.groupby(["speaker", "role"], sort=True)["n_words"].sum() if "n_words" in frame else None
    if len(lines):
        users = lines.groupby(["speaker", "role"], sort=True).size().rename("matches").reset_index()
    else:
        users = pd.DataFrame({"speaker": pd.Series(dtype=object), "role": pd.Series(dtype=object),
                              "matches": pd.Series(dtype="int64")})
    if words is not None:
        users = users.merge(words.rename("words").reset_index(), on=["speaker", "role"], how="left")
        users["per_1000"] = 1000 * users["matches"] / users["words"].where(users["words"] > 0)
    users = users.sort_values(["matches", "speaker"], ascending=[False, True], ignore_index=True)
    return TermReport(pattern, trends, lines, users)


def turn_context(turns: TurnsLike, transcript_id: str, turn_index: int) -> pd.DataFrame:
    """A whole turn with its question (the turn it answers) and its answers (turns answering it).

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``transcript_id``, ``turn_index``, ``text``; ``answers_turn`` (the
        ``turn_index`` a turn answers) links questions and answers.
    transcript_id : str
    turn_index : int
        The turn, as in a KWIC line.

    Returns
    -------
    pandas.DataFrame
        In turn order: ``relation`` (``"question"``, ``"turn"`` or ``"answer"``),
        ``transcript_id``, ``date``, ``turn_index``, ``speaker``, ``role``, ``text`` (the
        columns the turns have).

    Raises
    ------
    ValueError
        No turn ``turn_index`` in ``transcript_id``.

    Examples
    --------
    >>> t = pd.DataFrame({"transcript_id": ["a"] * 3, "turn_index": [0, 1, 2], "speaker": ["Q", "A", "Q"],
    ...                   "answers_turn": [pd.NA, 0, pd.NA], "text": ["Why?", "Because.", "Thanks."]})
    >>> turn_context(t, "a", 1)[["relation", "text"]].values.tolist()
    [['question', 'Why?'], ['turn', 'Because.']]
    """
    frame = as_turns(turns, caller="turn_context", columns=("transcript_id", "turn_index", "text"))
    here = frame[frame["transcript_id"].astype(str) == str(transcript_id)]
    row = here[here["turn_index"] == int(turn_index)]
    if row.empty:
        raise ValueError(f"turn_context(): no turn {turn_index!r} in transcript {transcript_id!r}.")
    relation = pd.Series("", index=here.index, dtype=object)
    relation[row.index] = "turn"
    if "answers_turn" in here:
        answers = pd.to_numeric(here["answers_turn"], errors="coerce").astype(float)  # NA (no question): NaN
        asked = answers.loc[row.index[0]]
        if pd.notna(asked):
            relation[here.index[(here["turn_index"] == int(asked)).to_numpy()]] = "question"
        relation[here.index[(answers == int(turn_index)).to_numpy()]] = "answer"
    out = here.assign(relation=relation)[relation != ""]
    cols = [c for c in CONTEXT_COLUMNS if c in out.columns]
    return out.sort_values("turn_index", kind="stable")[cols].reset_index(drop=True)


def group_scatter(turns: TurnsLike, target, reference=None, *, by: str = "role", min_count: int = 5) -> pd.DataFrame:
    """Two groups side by side: every term's frequency in each, placed as scattertext places it.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
    target, reference : str or list of str
        Values of ``by`` (reference None: every other turn), as for :func:`analysis.terms.keyness`.
    by : str, default="role"
    min_count : int, default=5
        Terms rarer than this in both groups together are left out.

    Returns
    -------
    pandas.DataFrame
        One row per term, by ``score`` descending then term: the columns of
        :func:`analysis.terms.keyness` (``term``, ``count_target``, ``count_reference``,
        ``per_1000_target``, ``per_1000_reference``, ``score`` signed G2, ...), then ``x`` and
        ``y``: the dense-rank position of the term's count in the reference and the target,
        scaled to [0, 1].

    Notes
    -----
    Scattertext's default layout: with ``r`` the dense rank of a term's count in one group
    (``scipy.stats.rankdata(method="dense")``, 1 = rarest), the position is
    ``(r - min r) / (max r - min r)``. Terms on the diagonal are used alike; terms above it
    are the target's, below it the reference's. Dense ranks spread the many rare terms that
    a log scale would pile up near the origin.

    References
    ----------
    Kessler, J. S. (2017). Scattertext: a browser-based tool for visualizing how corpora
    differ. Proceedings of ACL 2017, System Demonstrations, 85-90.

    Examples
    --------
    >>> t = pd.DataFrame({"role": ["a", "b"], "text": ["tax tax tax war", "war war peace"]})
    >>> s = group_scatter(t, "a", by="role", min_count=1)
    >>> s.set_index("term")[["x", "y"]].loc[["tax", "war", "peace"]].values.tolist()
    [[0.0, 1.0], [1.0, 0.5], [0.5, 0.0]]
    """
    from scipy.stats import rankdata

    from .terms import keyness

    table = keyness(turns, target, reference, by=by, min_count=min_count)
    table = table.copy()
    for col, name in (("count_reference", "x"), ("count_target", "y")):
        r = rankdata(table[col].to_numpy(), method="dense").astype(float)
        span = r.max() - r.min() if len(r) else 0.0
        table[name] = (r - r.min()) / span if span > 0 else np.zeros(len(r))
    return table.reset_index(drop=True)


def topic_report(result, topic: int, *, top_terms: int = 10, passages: int = 3, phrases: int = 5,
                 phrase_table: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Top terms, top phrases and most representative passages of one topic of a fitted model.

    Parameters
    ----------
    result : analysis.topics.TopicModelResult
    topic : int
    top_terms, passages, phrases : int
        How many of each.
    phrase_table : pandas.DataFrame, optional
        A :func:`analysis.topics.topic_phrases` table to reuse (computed otherwise).

    Returns
    -------
    dict
        ``{"terms": DataFrame, "phrases": DataFrame, "passages": DataFrame}`` (rows of
        ``result.topic_terms``, of :func:`analysis.topics.topic_phrases` and of
        :func:`analysis.topics.representative_passages` for that topic).
    """
    from .topics import representative_passages, topic_phrases

    terms = result.topic_terms
    if topic not in set(terms["topic"]):
        raise ValueError(f"topic_report(): topic must be one of {sorted(set(terms['topic']))}; got {topic!r}.")
    reps = representative_passages(result, top=passages)
    table = phrase_table if phrase_table is not None else topic_phrases(result, top=phrases)
    return {"terms": terms[terms["topic"] == topic].head(top_terms).reset_index(drop=True),
            "phrases": table[table["topic"] == topic].head(phrases).reset_index(drop=True),
            "passages": reps[reps["topic"] == topic].reset_index(drop=True)}


def formula_report(turns: TurnsLike, formula: str, *, freq: str = "quarter",
                   occurrences: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The variants of one formula (its wordings as spoken) and its timeline.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
    formula : str
        A formula (a ``formula`` of :func:`analysis.phrases.formulae`) or any phrase.
    freq : {"month", "quarter", "year"}, default="quarter"
    occurrences : pandas.DataFrame, optional
        A :func:`analysis.phrases.formula_occurrences` table to reuse (computed otherwise).

    Returns
    -------
    dict
        ``{"variants": DataFrame, "timeline": DataFrame}``: ``variants`` one row per wording
        (``text`` lowercased, spaces collapsed): ``variant``, ``count``, ``n_transcripts``,
        ``first_date``, by count descending then variant; ``timeline`` one row per period with
        an occurrence: ``period`` (its start), ``count``, ``n_transcripts``.

    Examples
    --------
    >>> t = pd.DataFrame({"transcript_id": ["a", "b"], "date": pd.to_datetime(["2020-01-05", "2020-05-01"]),
    ...                   "speaker": ["X", "X"], "role": ["official"] * 2, "turn_index": [0, 0],
    ...                   "text": ["We firmly oppose it.", "We firmly opposed it."]})
    >>> formula_report(t, "firmly oppose")["variants"]["variant"].tolist()
    ['firmly oppose']
    """
    from .periods import period_start
    from .phrases import formula_occurrences

    check_option("freq", freq, {"month", "quarter", "year"}, caller="formula_report")
    frame = as_turns(turns, caller="formula_report", columns=("text", "transcript_id"))
    occ = occurrences if occurrences is not None else formula_occurrences(frame, [formula])
    occ = occ[occ["formula"] == formula].assign(variant=lambda d: d["text"].str.lower())
    agg = {"count": ("variant", "size"), "n_transcripts": ("transcript_id", "nunique")}
    dated = "date" in occ and occ["date"].notna().any()
    variants = occ.groupby("variant", sort=True).agg(**agg, **({"first_date": ("date", "min")} if dated else {}))
    variants = variants.reset_index().sort_values(["count", "variant"], ascending=[False, True], ignore_index=True)
    if dated:
        timeline = (occ.dropna(subset=["date"]).assign(period=lambda d: period_start(d["date"], freq))
                    .groupby("period", sort=True).agg(**agg).reset_index())
    else:
        timeline = pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "count": pd.Series(dtype="int64"),
                                 "n_transcripts": pd.Series(dtype="int64")})
    return {"variants": variants, "timeline": timeline}


def figure_png(fig: Figure, *, dpi: int = 100) -> bytes:
    """``fig`` as PNG bytes, drawn by the Agg canvas whatever matplotlib's backend (nothing is
    shown or kept open: the figure is not registered with pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def explorer(turns: TurnsLike, *, topics=None, formulae: pd.DataFrame | None = None,
             initial: str = "sovereignty", groups: tuple[str, str] | None = None,
             by: str = "role"):  # pragma: no cover - UI wiring, driven in a browser by tests/test_browser.py
    """An ipywidgets explorer in tabs.

    - **Term or phrase**: a text box; its trend (PNG in an ``Image`` widget), who uses it, and
      its KWIC lines as a list: clicking a line shows the whole turn with its question or
      answer (:func:`turn_context`).
    - **Two groups**: two values of ``by`` side by side (:func:`group_scatter`).
    - **Topics** (given a fitted model): terms, phrases, passages (:func:`topic_report`).
    - **Formulae** (given a :func:`analysis.phrases.formulae` table): variants and timeline
      (:func:`formula_report`).

    Returns
    -------
    ipywidgets.Widget
        Display it as a cell's last expression.
    """
    import html

    import ipywidgets as w

    from . import _explore_widgets as ui

    frame = as_turns(turns, caller="explorer")
    box = w.Text(value=initial, description="Term:", continuous_update=False)
    freq = w.Dropdown(options=["month", "quarter", "year"], value="quarter", description="Period:")
    count = w.HTML()
    trend = w.Image(format="png", layout=w.Layout(max_width="720px"))
    users = w.HTML()
    lines = w.Select(options=[], rows=12, layout=w.Layout(width="100%"))
    lines.add_class("kwic-lines")
    context = w.HTML()
    state: dict = {}

    def show_term(_=None):
        try:
            rep = term_report(frame, box.value, freq=freq.value)
        except ValueError as exc:  # a pattern kwic cannot read: said where the count goes
            count.value, trend.value, users.value, lines.options = f"<i>{html.escape(str(exc))}</i>", b"", "", []
            return
        state["lines"] = rep.lines
        count.value = f"<b>{rep.n_matches}</b> occurrences of <i>{html.escape(box.value)}</i>"
        trend.value = figure_png(rep.figure()) if rep.n_matches and len(rep.trends) else b""
        users.value = rep.users.head(10).to_html(index=False, float_format="{:.1f}".format)
        lines.options = ui.kwic_options(rep.lines, max_rows=200)
        context.value = ""

    def show_context(change):
        if change["new"] is None or "lines" not in state:
            return
        line = state["lines"].iloc[change["new"]]
        context.value = ui.context_html(turn_context(frame, line["transcript_id"], int(line["turn_index"])),
                                        line)

    box.observe(show_term, names="value")
    freq.observe(show_term, names="value")
    lines.observe(show_context, names="value")
    show_term()
    panels = [w.VBox([w.HBox([box, freq]), count, trend, w.HTML("<b>Who uses it</b>"), users,
                      w.HTML("<style>.kwic-lines select {font-family: monospace; font-size: 12px}</style>"
                             "<b>In context</b> (click a line for its whole turn)"), lines, context])]
    titles = ["Term or phrase"]
    panels.append(ui.groups_panel(frame, by=by, groups=groups))
    titles.append("Two groups")
    if topics is not None:
        panels.append(ui.topics_panel(topics))
        titles.append("Topics")
    if formulae is not None:
        panels.append(ui.formulae_panel(frame, formulae))
        titles.append("Formulae")
    tabs = w.Tab(children=panels)
    for i, t in enumerate(titles):
        tabs.set_title(i, t)
    return tabs
