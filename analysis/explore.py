"""Interactive exploration in Jupyter: pick a term or phrase, see its trend, its KWIC lines
and who uses it; pick a topic, see its terms and passages.

The views are plain functions returning results (testable without a browser);
:func:`explorer` wires them to ipywidgets.

>>> from analysis.corpus import load_corpus          # doctest: +SKIP
>>> from analysis.explore import explorer             # doctest: +SKIP
>>> explorer(load_corpus("data"))                     # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from ._validation import check_interval, check_option
from .turns import as_turns
from .types import TurnsLike

__all__ = ["TermReport", "term_report", "topic_report", "explorer"]


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
        speaker spoke), ``per_10k`` (matches per 10,000 of those words); by ``matches``
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
        users["per_10k"] = 10_000 * users["matches"] / users["words"].where(users["words"] > 0)
    users = users.sort_values(["matches", "speaker"], ascending=[False, True], ignore_index=True)
    return TermReport(pattern, trends, lines, users)


def topic_report(result, topic: int, *, top_terms: int = 10, passages: int = 3) -> dict[str, pd.DataFrame]:
    """Top terms and most representative passages of one topic of a fitted model.

    Parameters
    ----------
    result : analysis.topics.TopicModelResult
    topic : int
    top_terms, passages : int
        How many of each.

    Returns
    -------
    dict
        ``{"terms": DataFrame, "passages": DataFrame}`` (rows of ``result.topic_terms`` and
        of :func:`analysis.topics.representative_passages` for that topic).
    """
    from .topics import representative_passages

    terms = result.topic_terms
    if topic not in set(terms["topic"]):
        raise ValueError(f"topic_report(): topic must be one of {sorted(set(terms['topic']))}; got {topic!r}.")
    reps = representative_passages(result, top=passages)
    return {"terms": terms[terms["topic"] == topic].head(top_terms).reset_index(drop=True),
            "passages": reps[reps["topic"] == topic].reset_index(drop=True)}


def explorer(turns: TurnsLike, *, topics=None, initial: str = "sovereignty"):  # pragma: no cover - UI wiring
    """An ipywidgets explorer: a term box (trend, KWIC, users) and, given a fitted topic
    model, a topic picker (terms, passages).

    Returns
    -------
    ipywidgets.Widget
        Display it as a cell's last expression.
    """
    import ipywidgets as w
    from IPython.display import HTML, display

    from .terms import kwic_html

    frame = as_turns(turns, caller="explorer")
    box = w.Text(value=initial, description="Term:", continuous_update=False)
    freq = w.Dropdown(options=["month", "quarter", "year"], value="quarter", description="Period:")
    out = w.Output()

    def show_term(_=None):
        out.clear_output()
        with out:
            rep = term_report(frame, box.value, freq=freq.value)
            display(HTML(f"<b>{rep.n_matches}</b> occurrences"))
            if rep.n_matches:
                display(rep.figure())
                display(rep.users.head(10))
                display(HTML(kwic_html(rep.lines, max_rows=30)))

    box.observe(show_term, names="value")
    freq.observe(show_term, names="value")
    show_term()
    panels = [w.VBox([w.HBox([box, freq]), out])]
    titles = ["Term or phrase"]
    if topics is not None:
        pick = w.Dropdown(options=sorted(set(topics.topic_terms["topic"])), description="Topic:")
        tout = w.Output()

        def show_topic(_=None):
            tout.clear_output()
            with tout:
                rep = topic_report(topics, pick.value)
                display(rep["terms"])
                display(rep["passages"])

        pick.observe(show_topic, names="value")
        show_topic()
        panels.append(w.VBox([pick, tout]))
        titles.append("Topic")
    tabs = w.Tab(children=panels)
    for i, t in enumerate(titles):
        tabs.set_title(i, t)
    return tabs
