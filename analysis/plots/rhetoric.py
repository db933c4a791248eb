"""Rhetoric figures: profile heatmap, device examples, responsiveness by speaker, frame trends."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..rhetoric.responsiveness import responsiveness_summary
from ..text import sentence_spans
from ._style import PALETTE, figure_and_axes, format_date_axis, period_axis_label, set_title, styled

__all__ = ["plot_rhetoric_profile", "plot_device_examples", "plot_responsiveness", "plot_frame_trends"]


@styled
def plot_rhetoric_profile(profile: pd.DataFrame, *, by: str, families: Sequence[str] | None = None,
                          min_words: int = 5000, min_count: int = 10, annotate: bool = True,
                          ax: Axes | None = None) -> Figure:
    """Heatmap of a rhetoric profile: measures (rows) by group (columns).

    Colour is each value relative to its row: log2 of the value over the mean of the
    groups shown (red: above the average, blue: below; clipped at 1/2.8 and 2.8 times), so
    rare and common measures share one scale; cells are annotated with the value itself
    (rate per 1,000 words, or the score). A counted measure (one with a ``count`` column)
    whose groups hold fewer than ``min_count`` occurrences on average is left white, its
    values in grey: with three occurrences against none, the ratio is noise (a Poisson
    count of 3 has a standard error of 58%), not a difference worth a colour.

    Parameters
    ----------
    profile : pandas.DataFrame
        From :func:`analysis.rhetoric.rhetoric_profile` with a single ``by`` column.
    by : str
        The grouping column (columns of the heatmap).
    families : sequence of str or None, default=None
        Families to show (``"devices"``, ``"frames"``...); None shows all.
    min_words : int, default=5000
        Leave out groups with fewer words (their rates are noisy).
    min_count : int, default=10
        Colour a counted measure only when its groups hold at least this many occurrences
        on average; 0 colours every row.
    annotate : bool, default=True
        Write each cell's value.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = profile if families is None else profile[profile["family"].isin(families)]
    data = data[data["n_words"] >= min_words]
    rows = list(dict.fromkeys(zip(data["family"], data["measure"])))
    groups = (data.drop_duplicates(by).sort_values(["n_words", by], ascending=[False, True])[by].tolist())
    wide = data.pivot_table(index=["family", "measure"], columns=by, values="value", sort=False, dropna=False)
    wide = wide.reindex(index=pd.MultiIndex.from_tuples(rows), columns=groups) if rows else wide
    vals = wide.to_numpy(dtype=float) if len(wide) else np.zeros((0, 0))
    sparse = _sparse_rows(data, rows, groups, by, min_count)
    fig, ax = figure_and_axes(ax, figsize=(max(1.1 * len(groups) + 2.6, 5.2), 0.27 * max(len(rows), 1) + 1.4))
    if vals.size:
        mean = np.nanmean(vals, axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.log2(vals / mean)
        rel = np.where(np.isnan(rel) | sparse[:, None], 0.0, np.clip(rel, -1.5, 1.5))
        im = ax.imshow(rel, cmap="RdBu_r", vmin=-1.5, vmax=1.5, aspect="auto", interpolation="nearest")
        ax.set_xticks(range(len(groups)), [str(g) for g in groups], rotation=30, ha="right")
        ax.set_yticks(range(len(rows)), [f"{f}: {m}".replace("_", " ") for f, m in rows])
        if annotate:
            for i in range(vals.shape[0]):
                for j in range(vals.shape[1]):
                    v = vals[i, j]
                    if np.isfinite(v):
                        txt = f"{v:.2f}" if abs(v) < 1 else f"{v:.1f}" if abs(v) < 100 else f"{v:.0f}"
                        ax.text(j, i, txt, ha="center", va="center", fontsize=6.5,
                                color="#999999" if sparse[i] else "white" if abs(rel[i, j]) > 1.0 else "#222222")
        cb = fig.colorbar(im, ax=ax, shrink=0.5, pad=0.02, ticks=[-1.5, -1, 0, 1, 1.5])
        cb.ax.set_yticklabels(["\u2264 0.35x", "0.5x", "mean", "2x", "\u2265 2.8x"])
        cb.set_label("value / mean of the groups shown", fontsize=7)
        cb.ax.tick_params(labelsize=7)
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    title = f"Rhetoric profile by {by}\n(per 1,000 words; readability and diversity: scores)"
    if sparse.any():
        title += f"\ngrey: fewer than {min_count} occurrences per {by} on average, not coloured"
    ax.set_title(title)
    return fig


def _sparse_rows(data: pd.DataFrame, rows: list[tuple[str, str]], groups: list, by: str,
                 min_count: int) -> np.ndarray:
    """For each heatmap row, whether it is a counted measure with fewer than ``min_count``
    occurrences per group shown on average (scores, which have no count, never are)."""
    if "count" not in data or not rows or min_count <= 0:
        return np.zeros(len(rows), dtype=bool)
    shown = data[data[by].isin(groups)]
    counts = pd.DataFrame({"family": shown["family"].to_numpy(), "measure": shown["measure"].to_numpy(),
                           "count": pd.to_numeric(shown["count"], errors="coerce").astype(float).to_numpy()})
    per_row = counts.groupby(["family", "measure"], sort=False)["count"].agg(["sum", "count", "size"])
    mean = (per_row["sum"] / len(groups)).where(per_row["count"] == per_row["size"], np.inf)
    return np.array([mean.get(r, np.inf) < min_count for r in rows], dtype=bool)


#: Devices whose matches are a run of repeated parts.
_RUNS = ("anaphora", "parallelism", "enumeration")
#: Clearest ``detail`` first, where the kinds of a device differ in how plainly they show it:
#: a question rhetorical by its form before one merely left inside an answer; a scaled
#: figure or a percentage before a bare count (which may be a day or a quantity).
_CLARITY = {"rhetorical_question": ("form", "self-answered", "in answer"),
            "statistic": ("scaled", "percent", "count")}
_FITS = 180


def _parts(dev: str, match: str, detail: str) -> list[str]:
    """The repeated parts of a run: sentences (anaphora), markers (enumeration), openings
    (parallelism: each time the shared opening occurs)."""
    if dev == "anaphora":
        return [match[s:e] for s, e in sentence_spans(match)]
    if dev == "enumeration":
        return detail.split(" ... ")
    if dev == "parallelism" and "..." not in detail:
        return re.findall(rf"\b{re.escape(detail)}\b", match, flags=re.IGNORECASE)
    return [match]


def _shared_opening(parts: list[str]) -> int:
    """Words every part opens with (lower case, a leading "And"/"But" dropped)."""
    words = [[w.lower() for w in re.findall(r"[\w'\u2019-]+", re.sub(r"^\W*(?:and|but|or|so|yet)\b", "", p,
                                                                    flags=re.IGNORECASE))] for p in parts]
    n = 0
    while words and all(len(w) > n for w in words) and len({w[n] for w in words}) == 1:
        n += 1
    return n


def _abridged(dev: str, match: str, width: int) -> str:
    """The match as shown: an anaphora longer than two lines keeps the start of each sentence,
    so that the repetition is visible."""
    text = " ".join(match.split())
    if dev != "anaphora" or len(text) <= _FITS:
        return text
    sents = [" ".join(match[s:e].split()) for s, e in sentence_spans(match)]
    budget = max(30, (2 * width - 30) // max(len(sents), 1))
    cut = [x if len(x) <= budget else x[:budget].rsplit(" ", 1)[0].rstrip(",;:") + " \u2026" for x in sents]
    return " ".join(cut)


def _pick_example(group: pd.DataFrame, width: int = 100) -> pd.Series:
    """The clearest typical match of one device (see :func:`plot_device_examples` Notes)."""
    dev = str(group["device"].iloc[0])
    match = group["match"].astype(str).tolist()
    detail = group["detail"].astype(str).tolist() if "detail" in group else [""] * len(group)
    parts = [_parts(dev, m, d) for m, d in zip(match, detail)]
    low = [d.lower() for d in detail]
    freq = pd.Series(low).value_counts().to_dict()  # a dict: one lookup per match, not a Series index
    shown = [len(_abridged(dev, m, width)) for m in match]
    key = pd.DataFrame({
        "other_role": (group["role"] != "official").to_numpy() if "role" in group else False,
        "parts": [-len(p) if dev in _RUNS else 0 for p in parts],
        "opening": [-_shared_opening(p) if dev == "anaphora" else 0 for p in parts],
        "too_long": [n > _FITS for n in shown],
        "clarity": [_CLARITY[dev].index(d) if d in _CLARITY.get(dev, ()) else len(_CLARITY.get(dev, ()))
                    for d in detail],
        "rarer": [-int(freq[d]) for d in low],
    })
    pool = np.arange(len(key))
    for col in key.columns:  # narrow down criterion by criterion (lexicographic order)
        values = key[col].to_numpy()[pool]
        pool = pool[values == values.min()]
    return group.iloc[pool[len(pool) // 2]]


def _context(text: str, start: int, end: int, chars: int) -> str:
    """The match in brackets with up to ``chars`` characters of context each side, at word edges."""
    left = text[max(0, start - chars):start]
    right = text[end:end + chars]
    if start - chars > 0 and " " in left:
        left = "\u2026" + left.split(" ", 1)[1]
    if end + chars < len(text) and " " in right:
        right = right.rsplit(" ", 1)[0] + "\u2026"
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


@styled
def plot_device_examples(matches: pd.DataFrame, *, turns: pd.DataFrame | None = None,
                         rates: pd.DataFrame | None = None, width: int = 100, context: int = 70,
                         ax: Axes | None = None) -> Figure:
    """One checkable example per device, with how often the device occurs.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`analysis.rhetoric.detect_devices` (needs ``device``, ``match``,
        ``start``, ``end``, ``speaker``, ``transcript_id``, ``turn_index``); ``date`` is
        shown when present.
    turns : pandas.DataFrame or None, default=None
        The turns the matches come from: short matches (a word or a number) are then shown
        in their context, the match in [brackets]; the subtitle then says what the brackets
        mark (and what an ellipsis means, when one is shown).
    rates : pandas.DataFrame or None, default=None
        A profile with ``family == "devices"`` rows and a ``role`` column (from
        ``rhetoric_profile(turns, by="role")``): adds the rate per 1,000 words of officials
        and questioners to each label, and orders the devices as the profile does.
    width : int, default=100
        Wrap examples at this many characters (two lines at most).
    context : int, default=70
        Characters of context each side of a short match.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    The example of each device is chosen by a computed rule, criterion after criterion,
    each narrowing the candidates left by the one before:

    1. an official's match, when there is one (the figure is about official rhetoric);
    2. the most repeated parts, for runs: sentences of an anaphora, markers of an
       enumeration, clauses sharing the opening of a parallelism;
    3. the longest opening shared by all sentences, for anaphora ("we will not" over
       "we will");
    4. short enough to show whole (180 characters; an anaphora is shown as the start of
       each sentence, so that its repetition stays visible);
    5. the clearest kind, where kinds differ: for rhetorical questions by form, then
       self-answered, then left inside an answer; for statistics scaled figures ("96.71
       million"), then percentages, then bare counts;
    6. the most frequent ``detail`` of the device (the typical slogan, superlative,
       intensifier, triad or kind of figure);
    7. then the middle one, in the order of ``matches``, of those left: deterministic.
    """
    devices = list(dict.fromkeys(matches["device"]))
    if rates is not None:
        order = [m for m in dict.fromkeys(rates.loc[rates["family"] == "devices", "measure"]) if m in devices]
        devices = order + [d for d in devices if d not in order]
    texts = None
    if turns is not None:
        texts = turns.set_index(["transcript_id", "turn_index"])["text"]
    entries = []
    bracketed = False
    for dev in devices:
        g = matches[matches["device"] == dev]
        ex = _pick_example(g, width)
        label = f"{dev.replace('_', ' ')}  ({len(g):,} matches"
        if rates is not None and "role" in rates:
            r = rates[(rates["family"] == "devices") & (rates["measure"] == dev)].set_index("role")["per_1000"]
            parts = [f"{role} {r[role]:.2f}" for role in ("official", "questioner") if role in r.index]
            label += "; per 1,000 words: " + ", ".join(parts) if parts else ""
        label += ")"
        shown = _abridged(dev, str(ex["match"]), width)
        if texts is not None and len(shown) < 25:
            shown = _context(texts.loc[(ex["transcript_id"], ex["turn_index"])], int(ex["start"]), int(ex["end"]),
                             context)
            bracketed = True
        if len(shown) > 1 and shown[0] == shown[-1] == "\"":  # a quoted slogan: typographic quotes like the rest
            shown = shown[1:-1]
        if not shown.startswith("\u201c"):
            shown = "\u201c" + shown + "\u201d"
        lines = textwrap.wrap(shown, width=width)
        if len(lines) > 2:  # cut at two lines, the closing quote kept
            lines = lines[:2]
            lines[1] = lines[1][: width - 3].rstrip() + " \u2026\u201d"
        date = ex.get("date")
        when = f", {pd.Timestamp(date):%Y-%m-%d}" if date is not None and not pd.isna(date) else ""
        src = f"\u2014 {ex['speaker']} ({ex['transcript_id']}{when})"
        if len(lines[-1]) + len(src) + 2 <= width + 25:
            lines[-1] += "  " + src
        else:
            lines.append(src)
        entries.append((label, lines))
    most = max((len(lines) for _, lines in entries), default=1)
    fig, ax = figure_and_axes(ax, figsize=(8.0, (0.27 + 0.14 * most) * max(len(devices), 1) + 0.8))
    ax.set_axis_off()
    n = max(len(devices), 1)
    for i, (label, lines) in enumerate(entries):
        y = 1 - (i + 0.1) / n
        ax.text(0.0, y, label, fontsize=8, fontweight="bold", transform=ax.transAxes, va="top",
                color=PALETTE[0])
        shown = "\n".join(lines)  # a dollar sign stays one: styled() makes every text literal
        ax.text(0.02, y - 0.27 / n, shown, fontsize=7, transform=ax.transAxes, va="top",
                color="#222222", linespacing=1.25)
    keys = (["[ ]: the words matched, shown in the text around them"] if bracketed else []) + \
        (["\u2026: words left out"] if any("\u2026" in line for _, lines in entries for line in lines) else [])
    set_title(ax, "Rhetorical devices: an example of each", "; ".join(keys))
    return fig


#: Characters per line of a group's name under its box (wider names wrap, at most three lines).
_NAME_WIDTH = 16
#: How the answerers of one question are joined in :func:`analysis.rhetoric.responsiveness`.
_JOINT = "; "


def _answerer_label(group: str, n: int, share: float) -> str:
    """The tick label of a box: the name wrapped (a joint answer's speakers one per line,
    after "joint:"), then the number of questions and the share off topic."""
    names = str(group).split(_JOINT)
    if len(names) > 1:
        lines = ["joint:"] + [f"{x} +" for x in names[:-1]] + names[-1:]
        lines = [w for line in lines for w in textwrap.wrap(line, _NAME_WIDTH) or [""]]
    else:
        lines = textwrap.wrap(str(group), _NAME_WIDTH) or [""]
    if len(lines) > 3:
        lines = lines[:3]
        lines[2] = lines[2][:_NAME_WIDTH - 1].rstrip() + "\u2026"
    return "\n".join([*lines, f"n={n:,}", "none long enough" if share != share else f"{share:.0%} off topic"])


def _check_off_topic(responses: pd.DataFrame, min_similarity: float, min_uptake: float,
                     min_answer_words: int) -> None:
    """Check that ``off_topic`` (and ``judged``) follow the rule the figure states, so its
    definition is true."""
    if not {"similarity", "uptake", "off_topic"} <= set(responses.columns) or responses.empty:
        return
    rule = (responses["similarity"] < min_similarity) & (responses["uptake"].fillna(0) < min_uptake)
    if "judged" in responses:
        rule &= responses["judged"].astype(bool)
        if "answer_words" in responses and not (
                (responses["answer_words"] >= min_answer_words).to_numpy() == responses["judged"].to_numpy()).all():
            raise ValueError(f"plot_responsiveness(): judged was not set with min_answer_words={min_answer_words}; "
                             f"pass the min_answer_words given to responsiveness().")
    if not (rule.to_numpy() == responses["off_topic"].astype(bool).to_numpy()).all():
        raise ValueError(f"plot_responsiveness(): off_topic was not flagged with min_similarity={min_similarity} "
                         f"and min_uptake={min_uptake}; pass the thresholds given to responsiveness().")


@styled
def plot_responsiveness(responses: pd.DataFrame, *, by: str = "answerer", measure: str = "similarity",
                        min_questions: int = 20, min_similarity: float = 0.1, min_uptake: float = 0.2,
                        min_answer_words: int = 10, ax: Axes | None = None) -> Figure:
    """Distribution of answer responsiveness per speaker (box plots), with the baseline.

    Parameters
    ----------
    responses : pandas.DataFrame
        From :func:`analysis.rhetoric.responsiveness`.
    by : str, default="answerer"
        Grouping column. An answerer made of several speakers joined by "; " (they answered
        one question together) is drawn as a joint answer: hatched, labelled "joint:" with
        one speaker a line.
    measure : {"similarity", "uptake"}, default="similarity"
        What to plot.
    min_questions : int, default=20
        Leave out groups with fewer answered questions.
    min_similarity, min_uptake : float, default=0.1 and 0.2
        The thresholds ``responses`` flagged ``off_topic`` with (those of
        :func:`~analysis.rhetoric.responsiveness`, its defaults by default); the figure
        states them as the definition of "off topic".
    min_answer_words : int, default=10
        The ``min_answer_words`` ``responses`` was made with: shorter answers are not judged
        off topic, and the share under each box is of the judged answers.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        Boxes of ``measure`` per group (most questions first; whiskers at 1.5 IQR, outliers
        not drawn; the median a thick line, the axis starting a little below 0 so that a
        median of 0, as where most answers share no word with the question, shows), a diamond at the mean baseline similarity (the answer against the other
        questions of the same transcript), and the number of questions and share of answers
        flagged off topic among those long enough to judge under each box (names wrapped);
        the subtitle defines the measure and "off topic".

    Raises
    ------
    ValueError
        ``off_topic`` disagrees with ``min_similarity`` and ``min_uptake``, or ``judged``
        with ``min_answer_words``.
    """
    _check_off_topic(responses, min_similarity, min_uptake, min_answer_words)
    counts = responses[by].value_counts()
    groups = sorted([g for g, c in counts.items() if c >= min_questions], key=lambda g: (-counts[g], str(g)))
    joint = [_JOINT in str(g) for g in groups]
    fig, ax = figure_and_axes(ax, figsize=(max(1.3 * max(len(groups), 2) + 2.2, 7.0), 4.0))
    data = [responses.loc[responses[by] == g, measure].dropna().to_numpy() for g in groups]
    handles = []
    if groups:
        boxes = ax.boxplot(data, widths=0.55, showfliers=False, patch_artist=True,
                           boxprops={"facecolor": "#cfe3f3", "edgecolor": PALETTE[0]},
                           medianprops={"color": PALETTE[3], "linewidth": 2.0, "zorder": 3},
                           whiskerprops={"color": "#555555"},
                           capprops={"color": "#555555"})
        for box, is_joint in zip(boxes["boxes"], joint):
            if is_joint:
                box.set(facecolor="#eeeeee", edgecolor="#666666", hatch="///")
        share = responsiveness_summary(responses[responses[by].isin(groups)], by=by).set_index(by)["share_off_topic"]
        labels = [_answerer_label(g, counts[g], share[g]) for g in groups]
        ax.set_xticks(range(1, len(groups) + 1), labels, fontsize=7.5)
        if measure == "similarity" and "baseline_similarity" in responses:
            base = [responses.loc[responses[by] == g, "baseline_similarity"].mean() for g in groups]
            handles.append(ax.scatter(range(1, len(groups) + 1), base, marker="D", color=PALETTE[1], zorder=3,
                                      label="baseline: the answer vs the other questions that day"))
        if any(joint):
            handles.append(mpl.patches.Patch(facecolor="#eeeeee", edgecolor="#666666", hatch="///",
                                             label="joint answer: several speakers answer one question"))
        if handles:
            ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(handles),
                      fontsize=7.5)
        # a little below 0, so a median or box edge at 0 is drawn above the axis line
        ax.set_ylim(bottom=-0.03 * ax.get_ylim()[1])
    what = ("TF-IDF cosine of each answer with its question" if measure == "similarity"
            else "share of the question's content words the answer uses")
    ax.set_ylabel("TF-IDF cosine, question vs answer" if measure == "similarity"
                  else "share of question's content words in answer")
    set_title(ax, f"How closely do answers follow the question? ({measure} by {by})",
              f"box: {what}\noff topic: cosine below {min_similarity:g} and under {min_uptake:.0%} of the "
              f"question's content words in the answer\n(answers under {min_answer_words} words, hand-overs and "
              "thanks, are not judged)",
              pad=22 if handles else 6)
    return fig


@styled
def _one_line_each(data: pd.DataFrame, period: str) -> None:
    """Refuse a profile with several groups per period (rhetoric_profile's default ``by="role"``):
    one line per measure would join the rates of different groups into a zigzag."""
    twice = data.duplicated(["measure", period], keep=False)
    if not twice.any():
        return
    rows = data[twice]
    groups = [c for c in rows.columns if c not in ("family", "measure", period, "count", "n_words", "per_1000", "value")
              and not pd.api.types.is_numeric_dtype(rows[c])
              and rows.groupby(["measure", period])[c].nunique(dropna=False).max() > 1]
    said = ", ".join(f"{c} ({', '.join(map(str, pd.unique(rows[c])[:4]))}{', ...' if rows[c].nunique() > 4 else ''})"
                     for c in groups) or "several rows"
    first = groups[0] if groups else "role"
    if not groups:
        raise ValueError(f"plot_frame_trends(): the profile holds several rows per measure and {period}.")
    raise ValueError(f"plot_frame_trends(): the profile holds several groups per {period}, by {said}; one line per "
                     f"measure would join them. Make it for the whole corpus, rhetoric_profile(turns, by=[], "
                     f"freq=...), or pass one group's rows, profile[profile[{first!r}] == "
                     f"{str(pd.unique(rows[first])[0])!r}].")


def plot_frame_trends(profile: pd.DataFrame, *, family: str = "frames", period: str = "period",
                      min_words: int = 5000, freq: str | None = None, ax: Axes | None = None) -> Figure:
    """Rates per 1,000 words of each measure of a family over time (one line each).

    Parameters
    ----------
    profile : pandas.DataFrame
        From :func:`analysis.rhetoric.rhetoric_profile` with ``freq=`` (a ``period`` column)
        and one group per period: ``by=[]`` for the whole corpus, or the rows of one group
        (its default ``by="role"`` gives a row per role and period).
    family : str, default="frames"
        Which family's measures to draw.
    period : str, default="period"
        The time column.
    min_words : int, default=5000
        Leave out periods with fewer words.
    freq : str or None, default=None
        The ``freq`` the profile was made with (``"quarter"``, ``"Q"``, ``"week"``...): the x
        axis and the title name the period. None: "period".
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        The profile holds several groups per period (it names them and the call that gives one).
    """
    data = profile[(profile["family"] == family) & (profile["n_words"] >= min_words)]
    _one_line_each(data, period)
    fig, ax = figure_and_axes(ax, figsize=(7.0, 3.4))
    for k, (meas, g) in enumerate(data.groupby("measure", sort=False)):
        g = g.sort_values(period)
        ax.plot(pd.to_datetime(g[period]).to_numpy(), g["per_1000"].to_numpy(), marker="o", markersize=3,
                color=PALETTE[k % len(PALETTE)], label=str(meas))
    if len(data):
        format_date_axis(ax.xaxis, ticks=pd.to_datetime(data[period]).unique())  # a tick at each period
    noun, xlabel = period_axis_label(freq)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Matches per 1,000 words")
    ax.set_ylim(bottom=0)
    ax.set_title(f"{family.capitalize()} per {noun}")
    if len(data):
        ax.legend(loc="upper left", ncols=min(4, data["measure"].nunique()))
    return fig
