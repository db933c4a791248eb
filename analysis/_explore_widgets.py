"""The ipywidgets panels of :func:`analysis.explore.explorer` (UI wiring only; the views they
show are the tested functions of :mod:`analysis.explore`)."""

from __future__ import annotations

import html

import pandas as pd
from matplotlib.figure import Figure

from .explore import figure_png, formula_report, group_scatter, topic_report


def kwic_options(lines: pd.DataFrame, *, max_rows: int = 200) -> list[tuple[str, int]]:
    """KWIC lines as ``(label, row)`` options of a Select: date, speaker, left | match | right."""
    out = []
    for i, row in enumerate(lines.head(max_rows).itertuples(index=False)):
        date = pd.Timestamp(row.date).strftime("%Y-%m-%d") if "date" in lines and pd.notna(row.date) else ""
        left = str(row.left)[-50:].rjust(50)
        out.append((f"{date} {str(row.speaker)[:18]:18s} {left} [{row.match}] {str(row.right)[:50]}", i))
    return out


def context_html(context: pd.DataFrame, line) -> str:
    """A turn with its question or answer, the matched words of the turn in bold."""
    parts = []
    for row in context.itertuples(index=False):
        text = str(row.text)
        if row.relation == "turn" and hasattr(line, "get") and line.get("start") is not None:
            s, e = int(line["start"]), int(line["end"])
            body = f"{html.escape(text[:s])}<b>{html.escape(text[s:e])}</b>{html.escape(text[e:])}"
        else:
            body = html.escape(text)
        who = html.escape(f"{getattr(row, 'speaker', '')} ({getattr(row, 'role', '')})")
        parts.append(f"<div class='turn-context' style='margin:4px 0'><i>{row.relation}</i> · <b>{who}</b>"
                     f"<p style='white-space:pre-wrap;margin:2px 0 8px 0'>{body}</p></div>")
    return "".join(parts)


def scatter_figure(table: pd.DataFrame, target: str, reference: str, *, labels: int = 12) -> Figure:
    """The scattertext layout of :func:`analysis.explore.group_scatter` as a matplotlib Figure."""
    fig = Figure(figsize=(6.4, 6.0), layout="constrained")
    ax = fig.add_subplot()
    score = table["score"].to_numpy()
    lim = max(abs(score).max(), 1e-9) if len(score) else 1.0
    ax.scatter(table["x"], table["y"], c=score, cmap="RdBu_r", vmin=-lim, vmax=lim, s=8, alpha=0.7)
    ax.plot([0, 1], [0, 1], color="0.7", lw=0.8)
    for part in (table.head(labels), table.tail(labels)):
        for row in part.itertuples(index=False):
            ax.annotate(row.term, (row.x, row.y), fontsize=7)
    ax.set_xlabel(f"{reference}: frequency (dense rank)")
    ax.set_ylabel(f"{target}: frequency (dense rank)")
    ax.set_title(f"{target} against {reference}: red = {target}'s, blue = {reference}'s (signed G2)", fontsize=9)
    return fig


def groups_panel(frame: pd.DataFrame, *, by: str, groups: tuple[str, str] | None):
    import ipywidgets as w

    values = sorted(map(str, frame[by].dropna().unique()))
    a, b = groups if groups else (values[0], values[1] if len(values) > 1 else values[0])
    pick_a = w.Dropdown(options=values, value=a, description="Group:")
    pick_b = w.Dropdown(options=values, value=b, description="against:")
    image = w.Image(format="png", layout=w.Layout(max_width="640px"))
    tables = w.HTML()

    def show(_=None):
        if pick_a.value == pick_b.value:
            image.value, tables.value = b"", "<i>choose two different groups</i>"
            return
        table = group_scatter(frame, pick_a.value, pick_b.value, by=by)
        image.value = figure_png(scatter_figure(table, pick_a.value, pick_b.value))
        cols = ["term", "count_target", "count_reference", "score"]
        tables.value = (f"<b>{html.escape(pick_a.value)}'s terms</b>" + table.head(15)[cols].to_html(index=False)
                        + f"<b>{html.escape(pick_b.value)}'s terms</b>"
                        + table.tail(15).iloc[::-1][cols].to_html(index=False))

    pick_a.observe(show, names="value")
    pick_b.observe(show, names="value")
    show()
    return w.VBox([w.HBox([pick_a, pick_b]), w.HBox([image, tables])])


def topics_panel(result):
    import ipywidgets as w

    from .topics import topic_phrases

    phrases = topic_phrases(result, top=5)
    pick = w.Dropdown(options=sorted(set(result.topic_terms["topic"])), description="Topic:")
    out = w.HTML()

    def show(_=None):
        rep = topic_report(result, pick.value, phrase_table=phrases)
        out.value = ("<b>Terms</b>" + rep["terms"].to_html(index=False) + "<b>Phrases</b>"
                     + rep["phrases"].to_html(index=False) + "<b>Passages</b>"
                     + rep["passages"].to_html(index=False))

    pick.observe(show, names="value")
    show()
    return w.VBox([pick, out])


def formulae_panel(frame: pd.DataFrame, table: pd.DataFrame):
    import ipywidgets as w

    from .phrases import formula_occurrences

    names = table["formula"].tolist()
    occ = formula_occurrences(frame, names)
    pick = w.Dropdown(options=names, description="Formula:")
    image = w.Image(format="png", layout=w.Layout(max_width="720px"))
    out = w.HTML()

    def show(_=None):
        rep = formula_report(frame, pick.value, occurrences=occ)
        timeline = rep["timeline"]
        image.value = b""
        if len(timeline):
            fig = Figure(figsize=(6.8, 2.6), layout="constrained")
            ax = fig.add_subplot()
            ax.bar(timeline["period"], timeline["count"], width=60)
            ax.set_ylabel("occurrences per quarter")
            image.value = figure_png(fig)
        out.value = "<b>Variants</b>" + rep["variants"].to_html(index=False)

    pick.observe(show, names="value")
    show()
    return w.VBox([pick, image, out])
