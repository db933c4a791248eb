"""A shareable explorer: one self-contained HTML page that opens offline in any browser.

``python -m analysis explore --corpus X --out site/`` writes ``site/index.html``: the views of
the Jupyter explorer (:mod:`analysis.explore`) on data computed here, drawn by Bokeh with its
JavaScript inlined (Bokeh ships BokehJS inside its Python wheel: no CDN, no server, nothing
fetched when the page opens).

- **Term or phrase**: type a word, a phrase or a ``*`` pattern; the page searches the turns'
  text (shipped in the page) and shows the trend per 1,000 words by quarter, who uses it and
  the KWIC lines; clicking a line shows its whole turn with its question or answer.
- **Two groups**: the keyness scatter of the two largest roles (or speakers), laid out as
  scattertext does (:func:`analysis.explore.group_scatter`); clicking a term searches it.
- **Topics**: a topic model's terms, phrases and representative passages.
- **Formulae**: each formula's variants and its timeline.

The page's search is a regular expression over the text (case-insensitive, whole words,
``*`` = any word ending), so its counts can differ slightly from :func:`analysis.terms.kwic`
where the tokenizer splits words differently (hyphens, apostrophes).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ._progress import resolve as resolve_progress
from ._progress import owned, step
from .errors import EmptyResultError
from .turns import as_turns
from .types import PathLike, TurnsLike

__all__ = ["site_data", "write_site"]

#: Terms in the keyness scatter (the most frequent in the two groups together).
SCATTER_TERMS = 2_000
#: Formulae listed on the page.
N_FORMULAE = 40

_JS_LIB = r"""
const E = window.__explore = window.__explore || {};
E.esc = s => String(s).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
E.regex = function (pattern) {
  const words = pattern.trim().toLowerCase().split(/\s+/).filter(w => w.length);
  if (!words.length) return null;
  const parts = words.map(w => w.split('*').map(p => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join("[\\p{L}\\p{N}'’-]*"));
  return new RegExp("(?<![\\p{L}\\p{N}_])" + parts.join("\\s+") + "(?![\\p{L}\\p{N}_])", 'giu');
};
E.lastWords = (s, n) => { const w = s.split(/\s+/).filter(x => x.length); return w.slice(Math.max(0, w.length - n)).join(' '); };
E.firstWords = (s, n) => s.split(/\s+/).filter(x => x.length).slice(0, n).join(' ');
E.search = function (pattern, turns, meta) {
  const re = E.regex(pattern);
  const nP = meta.period_words.length, perPeriod = new Array(nP).fill(0);
  const bySpeaker = {}, lines = {date: [], speaker: [], left: [], match: [], right: [], row: [], start: [], end: []};
  let total = 0;
  if (re) {
    const text = turns.text, period = turns.period, speaker = turns.speaker, date = turns.date;
    for (let i = 0; i < text.length; i++) {
      re.lastIndex = 0;
      let m;
      while ((m = re.exec(text[i])) !== null) {
        total++;
        if (period[i] >= 0) perPeriod[period[i]]++;
        bySpeaker[speaker[i]] = (bySpeaker[speaker[i]] || 0) + 1;
        if (lines.row.length < meta.max_lines) {
          lines.date.push(date[i]); lines.speaker.push(speaker[i]);
          lines.left.push(E.lastWords(text[i].slice(Math.max(0, m.index - 120), m.index), meta.window));
          lines.match.push(m[0]);
          lines.right.push(E.firstWords(text[i].slice(m.index + m[0].length, m.index + m[0].length + 120), meta.window));
          lines.row.push(i); lines.start.push(m.index); lines.end.push(m.index + m[0].length);
        }
        if (m[0].length === 0) re.lastIndex++;
      }
    }
  }
  const trend = {x: meta.period_start.slice(), y: perPeriod.map((c, j) => meta.period_words[j] ? 1000 * c / meta.period_words[j] : NaN),
                 count: perPeriod};
  const names = Object.keys(bySpeaker).sort((a, b) => bySpeaker[b] - bySpeaker[a] || (a < b ? -1 : 1));
  const users = {speaker: names, role: names.map(n => meta.speaker_role[n] || ''), matches: names.map(n => bySpeaker[n]),
                 per_1000: names.map(n => meta.speaker_words[n] ? +(1000 * bySpeaker[n] / meta.speaker_words[n]).toFixed(3) : null)};
  return {total, trend, users, lines};
};
E.run = function (pattern, a) {
  const r = E.search(pattern, a.turns.data, a.meta);
  a.kwic.selected.indices = [];
  // a table given new rows of the same number keeps drawing the old ones: empty it first
  const none = o => Object.fromEntries(Object.keys(o).map(k => [k, []]));
  a.kwic.data = none(r.lines); a.users.data = none(r.users);
  a.trend.data = r.trend; a.users.data = r.users; a.kwic.data = r.lines;
  a.count.text = '<b>' + r.total + '</b> occurrences of <i>' + E.esc(pattern) + '</i>' +
    (r.total > r.lines.row.length ? ' (the first ' + r.lines.row.length + ' in context below)' : '');
  a.context.text = '';
};
E.context = function (row, start, end, a) {
  const t = a.turns.data, out = [];
  const show = (i, rel, s, e) => {
    const txt = t.text[i];
    const body = s >= 0 ? E.esc(txt.slice(0, s)) + '<b>' + E.esc(txt.slice(s, e)) + '</b>' + E.esc(txt.slice(e)) : E.esc(txt);
    out.push('<div class="turn-context"><i>' + rel + '</i> · <b>' + E.esc(t.speaker[i]) + '</b> (' + E.esc(t.role[i]) +
             ') ' + E.esc(t.date[i]) + '<p style="white-space:pre-wrap;margin:2px 0 10px 0">' + body + '</p></div>');
  };
  if (t.question[row] >= 0) show(t.question[row], 'question', -1, -1);
  show(row, 'turn', start, end);
  for (let j = row + 1; j < t.text.length && t.transcript[j] === t.transcript[row]; j++)
    if (t.question[j] === row) show(j, 'answer', -1, -1);
  a.context.text = out.join('');
};
"""


def site_data(turns: TurnsLike, *, freq: str = "quarter", k: int = 10, min_df: int = 5,
              progress: bool | float | None = None) -> dict:
    """Everything the page shows, computed once: turns, group scatter, topics and formulae.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
    freq : {"month", "quarter", "year"}, default="quarter"
        Trend periods.
    k, min_df : int, default=10 and 5
        Topic model (NMF on paragraphs, :func:`analysis.topics.fit_topics`); a corpus too
        small for them gets no topics (``notes`` says why).
    progress : bool, float or None, default=None
        Show each step running on standard error.
        None (the default): when someone watches (a terminal or Jupyter; ``ANALYSIS_PROGRESS``
        overrides) and the work lasts over 2 s; True: always, at once; False: never; a number: for
        work over that many seconds (:func:`analysis._progress.resolve`).

    Returns
    -------
    dict
        ``turns`` (DataFrame: ``text``, ``transcript``, ``turn_index``, ``date``, ``speaker``,
        ``role``, ``period`` (index into ``periods`` or -1), ``question`` (row of the turn
        it answers or -1)), ``periods`` (DataFrame: ``start``, ``n_words``), ``speakers``
        (DataFrame: ``speaker``, ``role``, ``n_words``), ``scatter`` (a
        :func:`~analysis.explore.group_scatter` table or None) with ``groups``, ``topics``
        (DataFrame or None), ``passages``, ``formulae``, ``formula_timeline``,
        ``formula_variants`` (DataFrames or None), ``notes`` (what was left out and why).
    """
    from .periods import period_start

    progress = resolve_progress(progress, caller="site_data")
    frame = as_turns(turns, caller="site_data", columns=("text", "speaker", "role", "transcript_id"))
    frame = frame.reset_index(drop=True)
    notes: list[str] = []
    dates = pd.to_datetime(frame["date"]) if "date" in frame else pd.Series(pd.NaT, index=frame.index)
    starts = period_start(dates, freq)
    periods = pd.DataFrame({"start": starts, "n_words": frame["n_words"]}).dropna(subset=["start"])
    periods = periods.groupby("start", sort=True)["n_words"].sum().reset_index()
    full = pd.date_range(periods["start"].min(), periods["start"].max(), freq={"month": "MS", "quarter": "QS",
                                                                                "year": "YS"}[freq]) \
        if len(periods) else pd.DatetimeIndex([])
    periods = periods.set_index("start").reindex(full, fill_value=0).rename_axis("start").reset_index()
    index = {d: i for i, d in enumerate(periods["start"])}
    key = list(zip(frame["transcript_id"].astype(str), frame["turn_index"]))
    row_of = {kk: i for i, kk in enumerate(key)}
    answers = pd.to_numeric(frame.get("answers_turn", pd.Series(pd.NA, index=frame.index)), errors="coerce")
    question = [row_of.get((t, int(a)), -1) if pd.notna(a) else -1
                for t, a in zip(frame["transcript_id"].astype(str), answers)]
    table = pd.DataFrame({
        "text": frame["text"].fillna("").astype(str),
        "transcript": frame["transcript_id"].astype(str),
        "turn_index": frame["turn_index"].astype(int),
        "date": dates.dt.strftime("%Y-%m-%d").fillna(""),
        "speaker": frame["speaker"].fillna("").astype(str),
        "role": frame["role"].fillna("").astype(str),
        "period": [index.get(s, -1) if pd.notna(s) else -1 for s in starts],
        "question": question,
    })
    speakers = (frame.groupby(["speaker", "role"], sort=True)["n_words"].sum().reset_index()
                .sort_values(["n_words", "speaker"], ascending=[False, True]).drop_duplicates("speaker"))
    out = {"turns": table, "periods": periods, "speakers": speakers,
           "scatter": None, "groups": None, "topics": None, "passages": None, "formulae": None,
           "formula_timeline": None, "formula_variants": None, "notes": notes, "freq": freq}
    with owned():  # the steps below are shown (or not) here, not by the calls they make
        with step("two groups (keyness scatter)", enabled=progress):
            _scatter(frame, out)
        with step(f"topics (nmf, k={k})", enabled=progress):
            _topics(frame, out, k=k, min_df=min_df)
        with step("formulae", enabled=progress):
            _formulae(frame, out, starts, index)
    return out


def _scatter(frame: pd.DataFrame, out: dict) -> None:
    from .explore import group_scatter

    for by in ("role", "speaker"):
        words = frame.groupby(by)["n_words"].sum().sort_values(ascending=False, kind="stable")
        if len(words) >= 2:
            a, b = map(str, words.index[:2])
            try:
                table = group_scatter(frame.assign(**{by: frame[by].astype(str)}), a, b, by=by)
            except EmptyResultError:
                continue
            total = table["count_target"] + table["count_reference"]
            keep = total.rank(method="first", ascending=False) <= SCATTER_TERMS
            out["scatter"], out["groups"] = table[keep].reset_index(drop=True), (by, a, b)
            return
    out["notes"].append("two groups: the corpus has no two roles or speakers with terms to compare")


def _topics(frame: pd.DataFrame, out: dict, *, k: int, min_df: int) -> None:
    from .topics import fit_topics, representative_passages, topic_labels, topic_units
    from .topics.models import BRIEFING_STOP_WORDS

    try:
        units = topic_units(frame)
        result = fit_topics(units, k=k, min_df=min_df, extra_stop_words=BRIEFING_STOP_WORDS)
    except (EmptyResultError, ValueError) as exc:
        out["notes"].append(f"topics: none ({exc}; python -m analysis explore --k/--min-df set the model)")
        return
    out["topics"] = topic_labels(result, n_terms=10, n_phrases=5)
    passages = representative_passages(result, top=3)
    out["passages"] = passages[[c for c in ("topic", "rank", "date", "speaker", "role", "text")
                                if c in passages.columns]]


def _formulae(frame: pd.DataFrame, out: dict, starts: pd.Series, index: dict) -> None:
    from .periods import period_start
    from .phrases import formula_occurrences, formulae

    n_transcripts = frame["transcript_id"].nunique()
    try:
        table = formulae(frame, min_transcripts=max(2, round(0.05 * n_transcripts)), min_length=3)
    except EmptyResultError as exc:
        out["notes"].append(f"formulae: none ({exc})")
        return
    table = table.sort_values(["n_transcripts", "count", "formula"], ascending=[False, False, True])
    table = table.head(N_FORMULAE).reset_index(drop=True)
    occ = formula_occurrences(frame, table["formula"].tolist())
    occ = occ.assign(variant=occ["text"].str.lower())
    variants = (occ.groupby(["formula", "variant"], sort=True).size().rename("count").reset_index()
                .sort_values(["formula", "count", "variant"], ascending=[True, False, True], ignore_index=True))
    dated = occ.dropna(subset=["date"])
    period = period_start(pd.to_datetime(dated["date"]), out["freq"]).map(index)
    timeline = (dated.assign(period=period.to_numpy()).dropna(subset=["period"])
                .groupby(["formula", "period"]).size().rename("count").reset_index())
    out["formulae"] = table[["formula", "count", "n_transcripts", "n_speakers", "first_date", "last_date"]]
    out["formula_variants"], out["formula_timeline"] = variants, timeline


def _cds(frame: pd.DataFrame):
    from bokeh.models import ColumnDataSource

    return ColumnDataSource({c: frame[c].tolist() for c in frame.columns})


def _page(data: dict, *, title: str, initial: str, window: int = 6, max_lines: int = 500):
    """The Bokeh document of the page."""
    from bokeh.document import Document
    from bokeh.events import DocumentReady
    from bokeh.layouts import column, row
    from bokeh.models import (ColumnDataSource, CustomJS, DataTable, Div, HoverTool, LinearColorMapper, Select,
                              StringFormatter, TableColumn, TabPanel, Tabs, TapTool, TextInput)
    from bokeh.plotting import figure

    turns = _cds(data["turns"])
    periods = data["periods"]
    speakers = data["speakers"]
    meta = {"period_start": [int(pd.Timestamp(d).value // 10**6) for d in periods["start"]],
            "period_words": periods["n_words"].astype(int).tolist(),
            "speaker_words": dict(zip(speakers["speaker"].astype(str), speakers["n_words"].astype(int))),
            "speaker_role": dict(zip(speakers["speaker"].astype(str), speakers["role"].astype(str))),
            "window": window, "max_lines": max_lines}
    trend = ColumnDataSource({"x": [], "y": [], "count": []})
    users = ColumnDataSource({"speaker": [], "role": [], "matches": [], "per_1000": []})
    kwic = ColumnDataSource({"date": [], "speaker": [], "left": [], "match": [], "right": [], "row": [],
                             "start": [], "end": []})
    box = TextInput(value=initial, title="Term or phrase (a * ends a word: firm*)", width=360, name="term", css_classes=["term-box"])
    count = Div(text="", name="count")
    context = Div(text="", width=900, name="context", css_classes=["turn-context-view"], styles={"max-height": "420px", "overflow-y": "auto"})
    args = dict(turns=turns, trend=trend, users=users, kwic=kwic, count=count, context=context, meta=meta)
    run = CustomJS(args=args, code=_JS_LIB + "E.run(cb_obj.value_input !== undefined && cb_obj.value_input !== '' "
                                             "? cb_obj.value_input : cb_obj.value, {turns, trend, users, kwic, "
                                             "count, context, meta});")
    box.js_on_change("value", run)
    box.js_on_change("value_input", run)
    unit = {"month": "month", "quarter": "quarter", "year": "year"}[data["freq"]]
    plot = figure(height=260, width=900, x_axis_type="datetime", title=f"Occurrences per 1,000 words, by {unit}",
                  tools="pan,box_zoom,reset,save", name="trend")
    plot.line("x", "y", source=trend, line_width=2)
    plot.scatter("x", "y", source=trend, size=5)
    plot.add_tools(HoverTool(tooltips=[("per 1,000 words", "@y{0.000}"), ("occurrences", "@count")],
                             formatters={"@x": "datetime"}))
    users_table = DataTable(source=users, width=420, height=200, index_position=None, name="users",
                            css_classes=["users-table"], columns=[
        TableColumn(field="speaker", title="speaker"), TableColumn(field="role", title="role"),
        TableColumn(field="matches", title="matches"), TableColumn(field="per_1000", title="per 1,000 words")])
    kwic_table = DataTable(source=kwic, width=900, height=300, index_position=None, name="kwic",
                           css_classes=["kwic-table"], columns=[
        TableColumn(field="date", title="date", width=80), TableColumn(field="speaker", title="speaker", width=110),
        TableColumn(field="left", title="left", width=300, formatter=StringFormatter(text_align="right")), TableColumn(field="match", title="match", width=90),
        TableColumn(field="right", title="right", width=300)])
    kwic.selected.js_on_change("indices", CustomJS(args=args, code=_JS_LIB + """
        const i = cb_obj.indices[0]; if (i === undefined) return;
        E.context(kwic.data.row[i], kwic.data.start[i], kwic.data.end[i], {turns, context});"""))
    term_tab = column(row(box, count), plot, Div(text="<b>Who uses it</b>"), users_table,
                      Div(text="<b>In context</b> (click a line for its whole turn with its question or answer)"),
                      kwic_table, context)
    tabs = [TabPanel(child=term_tab, title="Term or phrase")]
    if data["scatter"] is not None:
        by, a, b = data["groups"]
        sc = data["scatter"]
        src = ColumnDataSource({c: sc[c].tolist() for c in ("term", "x", "y", "count_target", "count_reference",
                                                             "score")})
        lim = float(max(abs(sc["score"]).max(), 1e-9))
        cmap = LinearColorMapper(palette="RdBu11", low=lim, high=-lim)  # RdBu11 runs red to blue
        fig = figure(width=640, height=640, title=f"{a} (up) against {b} (right), {by}s: red = {a}'s terms, "
                     f"blue = {b}'s (signed G2)", tools="pan,wheel_zoom,box_zoom,reset,tap", name="scatter",
                     x_axis_label=f"{b}: frequency (dense rank)", y_axis_label=f"{a}: frequency (dense rank)")
        fig.scatter("x", "y", source=src, size=6, alpha=0.7, color={"field": "score", "transform": cmap})
        fig.add_tools(HoverTool(tooltips=[("term", "@term"), (a, "@count_target"), (b, "@count_reference"),
                                          ("G2", "@score{0.0}")]))
        src.selected.js_on_change("indices", CustomJS(args=dict(box=box, src=src), code="""
            const i = cb_obj.indices[0]; if (i === undefined) return; box.value = src.data.term[i];"""))
        top = sc.head(20)
        bottom = sc.tail(20).iloc[::-1]
        lists = Div(text=f"<b>{a}'s terms</b><br>{', '.join(top['term'])}<br><br><b>{b}'s terms</b><br>"
                         f"{', '.join(bottom['term'])}<br><br><i>Click a point to search its term in the first "
                         f"tab.</i>", width=300)
        tabs.append(TabPanel(child=row(fig, lists), title="Two groups"))
    if data["topics"] is not None:
        topics, passages = data["topics"], data["passages"]
        html = {}
        for t in topics.itertuples(index=False):
            ps = passages[passages["topic"] == t.topic]
            items = "".join(f"<li><i>{_esc(p.speaker)} ({_esc(p.role)}) {_date(p)}</i>: {_esc(p.text)}</li>"
                            for p in ps.itertuples(index=False))
            html[str(t.topic)] = (f"<p><b>Terms</b>: {_esc(t.top_terms)}</p><p><b>Phrases</b>: "
                                  f"{_esc(t.top_phrases)}</p><p><b>Units</b>: {t.n_units:,} ({t.share_units:.1%})"
                                  f"</p><b>Passages</b><ol>{items}</ol>")
        options = [(str(t), f"{t}: {lab}") for t, lab in zip(topics["topic"], topics["label"])]
        pick = Select(title="Topic", options=options, value=options[0][0], width=500, name="topic")
        shown = Div(text=html[options[0][0]], width=900, name="topic_view")
        pick.js_on_change("value", CustomJS(args=dict(shown=shown, html=html), code="shown.text = html[cb_obj.value];"))
        tabs.append(TabPanel(child=column(pick, shown), title="Topics"))
    if data["formulae"] is not None:
        table, variants, timeline = data["formulae"], data["formula_variants"], data["formula_timeline"]
        series, html = {}, {}
        for f in table["formula"]:
            tl = timeline[timeline["formula"] == f]
            counts = np.zeros(len(meta["period_start"]), dtype=int)
            counts[tl["period"].astype(int).to_numpy()] = tl["count"].to_numpy()
            series[f] = counts.tolist()
            vs = variants[variants["formula"] == f]
            html[f] = "<b>Variants</b><ul>" + "".join(f"<li>{_esc(v.variant)}: {v.count}</li>"
                                                     for v in vs.itertuples(index=False)) + "</ul>"
        first = table["formula"].iloc[0]
        bars = ColumnDataSource({"x": meta["period_start"], "count": series[first]})
        width_ms = {"month": 20, "quarter": 60, "year": 240}[data["freq"]] * 86_400_000
        fplot = figure(height=240, width=900, x_axis_type="datetime", title=f"Occurrences by {unit}",
                       tools="pan,box_zoom,reset,save", name="formula_timeline")
        fplot.vbar(x="x", top="count", width=width_ms, source=bars)
        options = [(f, f"{f} ({n} transcripts)") for f, n in zip(table["formula"], table["n_transcripts"])]
        pick = Select(title="Formula", options=options, value=first, width=600, name="formula")
        shown = Div(text=html[first], width=900, name="formula_view")
        pick.js_on_change("value", CustomJS(args=dict(shown=shown, html=html, bars=bars, series=series), code="""
            shown.text = html[cb_obj.value];
            bars.data = {x: bars.data.x, count: series[cb_obj.value]};"""))
        tabs.append(TabPanel(child=column(pick, fplot, shown), title="Formulae"))
    notes = "".join(f"<li>{_esc(n)}</li>" for n in data["notes"])
    header = Div(text=f"<h2>{_esc(title)}</h2>" + (f"<ul>{notes}</ul>" if notes else ""))
    doc = Document()
    doc.add_root(column(header, Tabs(tabs=tabs, name="tabs")))
    doc.js_on_event(DocumentReady, CustomJS(args={**args, "box": box}, code=_JS_LIB + """
        E.run(box.value, {turns, trend, users, kwic, count, context, meta});
        document.body.setAttribute('data-explorer-ready', '1');"""))
    return doc


def _esc(value) -> str:
    import html

    return html.escape("" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value))


def _date(p) -> str:
    d = getattr(p, "date", None)
    return "" if d is None or pd.isna(d) else pd.Timestamp(d).strftime("%Y-%m-%d")


def write_site(turns: TurnsLike, out_dir: PathLike, *, title: str = "Transcript explorer", initial: str | None = None,
               freq: str = "quarter", k: int = 10, min_df: int = 5, progress: bool | float | None = None,
               data: dict | None = None) -> Path:
    """Write the explorer page ``<out_dir>/index.html`` (self-contained: BokehJS inlined).

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
    out_dir : path
        Folder to write (created when missing).
    title : str, default="Transcript explorer"
    initial : str, optional
        The term searched when the page opens (default: the first term of the group scatter,
        else the most frequent word of six letters or more).
    freq, k, min_df, progress
        As for :func:`site_data`.
    data : dict, optional
        A :func:`site_data` result to reuse.

    Returns
    -------
    pathlib.Path
        The page written.
    """
    from bokeh.embed import file_html
    from bokeh.resources import INLINE

    from .figures import _atomic_write

    progress = resolve_progress(progress, caller="write_site")
    data = data if data is not None else site_data(turns, freq=freq, k=k, min_df=min_df, progress=progress)
    if initial is None:
        initial = _initial_term(data)
    with step("explorer page", enabled=progress):
        page = file_html(_page(data, title=title, initial=initial), INLINE, title=title)
    path = Path(out_dir) / "index.html"
    _atomic_write(path, page.encode("utf-8"))
    return path


def _initial_term(data: dict) -> str:
    if data["scatter"] is not None and len(data["scatter"]):
        return str(data["scatter"]["term"].iloc[0])
    words = pd.Series(" ".join(data["turns"]["text"].head(2000)).lower().split())
    words = words[words.str.fullmatch(r"[a-z]{6,}")]
    return str(words.value_counts().index[0]) if len(words) else ""
