"""Every corpus shape gives figures or reasons, never a traceback.

A researcher's own collection may be undated, hold one role or no roles, one speaker, one
to five transcripts, interviews or monologues, or a very short file. On each such corpus,
``regenerate`` (and ``python -m analysis figures``) draws what the corpus supports, skips
the rest with a reason a ``figures`` user can act on, always writes the index
(``README.md``) listing every registered figure exactly once, and exits 0. The corpora are
built in ``tmp_path`` from the bundled MFA briefings or written here.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from analysis import figures as figs
from analysis.cli import main
from analysis.figures import DEFAULT_CORPUS, regenerate, registry
from analysis.gallery import FigureSpec, NothingToDraw

MFA = DEFAULT_CORPUS / "transcripts" / "mfa"
#: Dated briefings spread over 2018-2020, in file-name (date) order.
BRIEFINGS = sorted(p for p in MFA.glob("*.txt") if p.name[:4].isdigit())
_DATE_IN_TITLE = re.compile(r"\s+on\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\s*$")


def _pick(n: int) -> list[Path]:
    """``n`` briefings spread evenly over the bundled series (several spokespersons, years)."""
    step = len(BRIEFINGS) // n
    return [BRIEFINGS[i * step] for i in range(n)]


def _copy(folder: Path, files: list[Path], *, undated: bool = False) -> Path:
    """Copy ``files`` into ``folder`` (no metadata.csv); ``undated`` drops the date from the
    file name and the title line, so no transcript has a date."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        text = f.read_text(encoding="utf-8")
        name = f.name
        if undated:
            first, _, rest = text.partition("\n")
            text = _DATE_IN_TITLE.sub("", first) + "\n" + rest
            name = name.split("_", 1)[1]  # "2018-05-11_t1558711.txt" -> "t1558711.txt"
        (folder / name).write_text(text, encoding="utf-8")
    return folder


INTERVIEWS = {
    "interview_farmer.txt": [
        ("Dana Reyes", "Thank you for talking with us today. How long has your family worked this land?"),
        ("Tom Mueller", "My grandfather bought the farm in 1952. We grew wheat and barley then, and we still do, "
                        "although the weather has changed a great deal since I was a boy."),
        ("Dana Reyes", "What has changed the most for you in the last ten years?"),
        ("Tom Mueller", "The rain comes at the wrong time. Spring is dry and the harvest is wet, so we lose grain in "
                        "the field. We bought a dryer, which costs money every season."),
        ("Dana Reyes", "Do your children want to keep the farm going?"),
        ("Tom Mueller", "My daughter does. She studied agronomy and she has ideas about cover crops and soil. "
                        "My son moved to the city and works in software."),
    ],
    "interview_nurse.txt": [
        ("Dana Reyes", "You have worked nights in the emergency ward for twenty years. What keeps you there?"),
        ("Amira Haddad", "The people I work with. At three in the morning you rely on each other completely, "
                         "and that trust is hard to find anywhere else."),
        ("Dana Reyes", "Has the work become harder since the pandemic?"),
        ("Amira Haddad", "It has. We have fewer nurses and more patients, and many of the patients are older and "
                         "sicker than before. Some nights we cannot take a break at all."),
        ("Dana Reyes", "What would you change if you could?"),
        ("Amira Haddad", "Safe staffing levels, written into law. Everything else follows from having enough "
                         "hands on the ward."),
    ],
}

SPEECHES = {
    "speech_harbour.txt": "Friends and neighbours, we gather today to open the new harbour wall. For three winters "
                          "the storms broke over the old wall and flooded the lower town. Now the wall stands two "
                          "metres higher, built by our own workers with stone from our own quarry. We thank the "
                          "engineers, we thank the families who waited, and we thank the fishermen who kept going "
                          "out through every storm. This wall will protect our homes for fifty years.",
    "speech_school.txt": "Graduates, parents and teachers, today is a day of beginnings. You have learned to read "
                         "closely, to argue fairly and to work with others. The world you enter is uncertain, but "
                         "uncertainty is also opportunity. Be curious, be kind, and be brave. Ask the question "
                         "nobody else will ask. And when you fail, as everyone does, try again.",
    "speech_library.txt": "Welcome to the reopening of our library. A library is a promise that knowledge belongs "
                          "to everyone. The new reading room has light from three sides, a corner for children "
                          "and computers for anyone who needs them. Borrow freely, read widely, and bring your "
                          "neighbours. The doors are open six days a week.",
}


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _interviews(folder: Path) -> Path:
    return _write(folder, {name: "\n\n".join(f"{who}: {said}" for who, said in turns) + "\n"
                           for name, turns in INTERVIEWS.items()})


def _table(folder: Path, role: str, dates: tuple[str, ...] | None = None) -> Path:
    """A CSV of three transcripts (the two interviews and the speeches, by one "Mayor"),
    every turn with role ``role``, dated when ``dates`` are given."""
    rows = [("a", who, said) for who, said in INTERVIEWS["interview_farmer.txt"]]
    rows += [("b", who, said) for who, said in INTERVIEWS["interview_nurse.txt"]]
    rows += [("c", "Mayor", said) for said in SPEECHES.values()]
    lines = ["transcript_id,date,speaker,role,text"]
    for tid, who, said in rows:
        date = dates["abc".index(tid)] if dates else ""
        lines.append(f'{tid},{date},{who},{role},"{said}"')
    return _write(folder, {"turns.csv": "\n".join(lines) + "\n"})


def _one_speaker(folder: Path) -> Path:
    """Four dated Q:/A: briefings of one spokesperson in which only the spokesperson speaks
    (the opening remarks)."""
    files = {}
    for f in BRIEFINGS:
        text = f.read_text(encoding="utf-8")
        opening = text[:text.find("\nQ:")]  # the title, the address and the opening remarks
        if "Geng Shuang" in text.partition("\n")[0] and opening.count("\n\n") >= 3 and len(files) < 4:
            files[f.name] = opening
    return _write(folder, files)


def _very_short(folder: Path) -> Path:
    return _write(folder, {"short.txt": "Q: Any comment?\n\nA: No.\n"})


#: Three press conferences in Chinese (cut into words by the Chinese segmenter).
CHINESE = {
    f"2019-0{i + 3}-1{i}_zh.txt": (
        f"2019年{i + 3}月1{i}日外交部发言人主持例行记者会\n\n"
        "问：据报道，美方昨天宣布对中国商品加征关税。中方对此有何评论？\n\n"
        "答：我们已多次表明立场。贸易战没有赢家，中方坚决反对单边主义和保护主义。\n\n"
        "问：关于朝鲜半岛问题，中方有何回应？\n\n"
        "答：中方始终致力于实现半岛无核化，维护半岛和平稳定，坚持通过对话协商解决问题。\n")
    for i in range(3)
}

SHAPES = {
    "undated": lambda d: _copy(d, _pick(6), undated=True),
    "one_transcript": lambda d: _copy(d, _pick(1)),
    "two_transcripts": lambda d: _copy(d, _pick(2)),
    "five_transcripts": lambda d: _copy(d, _pick(5)),
    "interviews": _interviews,
    "monologues": lambda d: _write(d, SPEECHES),
    "unknown_roles": lambda d: _table(d, "unknown"),
    "one_role": lambda d: _table(d, "official", ("2020-01-05", "2020-06-07", "2021-02-03")),
    "one_speaker": _one_speaker,
    "very_short": _very_short,
    "chinese": lambda d: _write(d, CHINESE),
}


# =========================================================================== the index
def _sections(index: str) -> dict[str, str]:
    """The index's section of each figure, by name (a name listed twice fails here)."""
    parts = re.split(r"^## `([^`]+)`$", index, flags=re.M)
    names = parts[1::2]
    assert len(names) == len(set(names)), f"a figure listed twice: {names}"
    return dict(zip(names, parts[2::2]))


#: Advice on a library function's parameters, which a ``figures`` user cannot follow.
LIBRARY_ADVICE = re.compile(r"\b(?:lower|raise|higher|increase|try|pass)\b|\b\w+\(\)|min_df|max_df|stop_rule|"
                            r"min_transcripts|min_words=|compare=", re.I)


def _outcomes(out: Path) -> dict[str, tuple[str, str]]:
    """Each registered figure's outcome in the index at ``out``: ("drawn", "") or ("skipped", reason)."""
    index = (out / "README.md").read_text(encoding="utf-8")
    sections = _sections(index)
    assert list(sections) == list(registry()), "the index lists every registered figure once, in order"
    outcomes = {}
    for name, text in sections.items():
        drawn = f"![{name}]({name}.png)" in text
        skipped = re.search(r"^Not made from this corpus: (.+)$", text, re.M)
        assert "Failed:" not in text, f"{name}: {text}"
        assert drawn != bool(skipped), f"{name} is neither drawn nor skipped, or both: {text}"
        if drawn:
            assert (out / f"{name}.png").is_file() and (out / f"{name}.svg").is_file(), name
            outcomes[name] = ("drawn", "")
        else:
            assert not (out / f"{name}.png").exists() and not (out / f"{name}.svg").exists(), name
            outcomes[name] = ("skipped", skipped[1])
    return outcomes


# =========================================================================== every shape
@pytest.fixture(scope="module")
def figures_of(tmp_path_factory):
    """``figures_of(name)``: a corpus of shape ``name`` through ``python -m analysis figures``
    (in process, once per shape): each figure's outcome in the index, standard output and
    standard error."""
    import contextlib
    import io

    done: dict[str, tuple[dict[str, tuple[str, str]], str, str]] = {}

    def run(name: str) -> tuple[dict[str, tuple[str, str]], str, str]:
        if name not in done:
            base = tmp_path_factory.mktemp(name)
            corpus, out = SHAPES[name](base / "corpus"), base / "figures"
            stdout, stderr = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), warnings.catch_warnings():
                warnings.simplefilter("error")  # every warning is printed by the command, none escapes it
                status = main(["figures", "--corpus", str(corpus), "--out", str(out), "--no-progress"])
            assert status == 0, stderr.getvalue()
            done[name] = (_outcomes(out), stdout.getvalue(), stderr.getvalue())
        return done[name]

    return run


@pytest.mark.parametrize("name", list(SHAPES))
def test_every_figure_is_drawn_or_skipped_with_a_reason(figures_of, name: str) -> None:
    outcomes, stdout, stderr = figures_of(name)
    assert "Traceback" not in stderr and " failed: " not in stderr
    skipped = dict(re.findall(r"^figure (\w+) skipped: (.+)$", stderr, re.M))
    assert skipped == {n: reason for n, (what, reason) in outcomes.items() if what == "skipped"}  # said on stderr too
    drawn = sum(what == "drawn" for what, _ in outcomes.values())
    assert re.search(rf"\(figures: {drawn} drawn, {len(skipped)} skipped; see .*README\.md\)$", stdout.strip())
    assert outcomes["overview_words_by_role"] == ("drawn", "")  # every corpus has words by role


@pytest.mark.parametrize("name", list(SHAPES))
def test_reasons_are_for_a_figures_user(figures_of, name: str) -> None:
    """A reason says what the corpus lacks, never how to call a library function."""
    outcomes, _, _ = figures_of(name)
    for figure, (what, reason) in outcomes.items():
        if what == "skipped":
            assert reason.strip() and not LIBRARY_ADVICE.search(reason), f"{figure}: {reason}"


#: Figures drawn over time, skipped when no transcript has a date.
OVER_TIME = ("overview_words_over_time", "terms_trends", "rhetoric_frame_trends", "phrases_formula_timeline",
             "topics_over_time")
#: Figures comparing officials and questioners, skipped when a corpus has no such roles.
ROLE_FIGURES = ("overview_exchange_lengths", "terms_keyness_roles", "rhetoric_responsiveness")


@pytest.mark.parametrize("name", ["undated", "interviews", "monologues", "unknown_roles", "very_short"])
def test_undated_corpora_skip_the_figures_over_time_saying_where_dates_come_from(figures_of, name: str) -> None:
    outcomes, _, _ = figures_of(name)
    for figure in OVER_TIME:
        assert outcomes[figure][0] == "skipped", figure
    reason = outcomes["overview_words_over_time"][1]
    assert reason.startswith("no transcript of this corpus has a date; ") and "metadata.csv" in reason


@pytest.mark.parametrize("name", ["monologues", "unknown_roles"])
def test_corpora_without_roles_skip_the_role_figures_naming_the_roles_they_have(figures_of, name: str) -> None:
    outcomes, _, _ = figures_of(name)
    for figure in ROLE_FIGURES:
        what, reason = outcomes[figure]
        assert re.match(r"needs (questioner and official|official and questioner) turns; this corpus has no .* "
                        r"\(its turns: (?:unknown|official) \d+\); roles are inferred", reason), f"{figure}: {what} {reason}"


def test_unlabelled_speech_is_not_called_a_spokesperson(figures_of) -> None:
    outcomes, _, _ = figures_of("monologues")
    what, reason = outcomes["terms_log_odds_spokesperson"]
    assert what == "skipped" and reason.endswith(
        "this corpus has none named: the officials' speech carries no speaker labels (all 'Unknown speaker')"), reason


def test_one_spokesperson_cannot_be_compared(figures_of) -> None:
    outcomes, _, _ = figures_of("one_speaker")
    assert outcomes["terms_log_odds_spokesperson"] == ("skipped", (
        "needs two or more spokespersons to compare (officials with 5% or more of the officials' words); "
        "this corpus has one, Geng Shuang"))
    assert outcomes["topics_k_selection"][1].startswith("too little text for a topic model: choosing among 6 to 20 "
                                                        "topics needs 20 or more paragraphs")


def test_the_option_a_date_reason_names_dates_the_corpus(tmp_path: Path, capsys) -> None:
    """The interviews named by year and month: undated, until --name-pattern reads the names."""
    corpus = _interviews(tmp_path / "corpus")
    for i, f in enumerate(sorted(corpus.glob("*.txt"))):
        f.rename(corpus / f"talk_{2020 + i}_0{3 + i}.txt")
    out = tmp_path / "figures"
    assert main(["figures", "--corpus", str(corpus), "--out", str(out), "--no-progress"]) == 0
    assert _outcomes(out)["overview_words_over_time"][0] == "skipped"  # and the reason names the option:
    assert "--name-pattern" in capsys.readouterr().err
    argv = ["figures", "--corpus", str(corpus), "--out", str(out), "--no-progress"]
    assert main([*argv, "--name-pattern", "talk_{year}_{month}"]) == 0
    assert _outcomes(out)["overview_words_over_time"] == ("drawn", "")
    index = (out / "README.md").read_text(encoding="utf-8")
    pattern = "'talk_{year}_{month}'"
    assert f"`python -m analysis figures --corpus {corpus} --out {out} --name-pattern {pattern}`" in index
    assert "2020-03-01 to 2021-04-01." in index.splitlines()[2]


# =========================================================================== skipped and failed figures
def _draws(ctx):
    from matplotlib.figure import Figure

    fig = Figure()
    fig.add_subplot().plot([0, 1], [0, 1])
    return fig


def _too_small(ctx):
    raise NothingToDraw("this corpus is too small for it")


def _library_empty(ctx):
    from analysis.errors import EmptyResultError

    raise EmptyResultError("formulae(): no phrase recurs in 2 transcripts; try a lower min_transcripts or "
                           "min_speakers, or stop_rule='all'.")


def _bug(ctx):
    return [][0]


def _not_a_figure(ctx):
    return None


SPECS = [FigureSpec("draws", "Draws.", "plot()", _draws),
         FigureSpec("small", "Too small.", "plot()", _too_small),
         FigureSpec("library", "An analysis finds nothing.", "plot()", _library_empty),
         FigureSpec("bug", "Has a bug.", "plot()", _bug),
         FigureSpec("none", "Returns no figure.", "plot()", _not_a_figure)]


@pytest.fixture
def fake_registry(monkeypatch) -> None:
    monkeypatch.setattr(figs, "registry", lambda: {s.name: s for s in SPECS})


def test_a_failing_figure_is_named_with_its_error_and_the_others_are_made(fake_registry, tmp_path: Path,
                                                                          capsys) -> None:
    corpus, out = SHAPES["two_transcripts"](tmp_path / "corpus"), tmp_path / "figures"
    out.mkdir()
    for old in ("small.png", "bug.svg", "notes.txt"):  # an earlier run's figures, and a file of the user's
        (out / old).write_text("old", encoding="utf-8")
    assert main(["figures", "--corpus", str(corpus), "--out", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "figure bug failed: IndexError: list index out of range" in err.splitlines()
    assert "figure none failed: TypeError: the figure's make() returned NoneType, not a matplotlib Figure" in err
    assert err.splitlines()[-1] == ("python -m analysis figures: error: 2 figure(s) failed with an internal error: "
                                    "bug, none")
    index = _sections((out / "README.md").read_text(encoding="utf-8"))
    assert list(index) == [s.name for s in SPECS]
    assert "![draws](draws.png)" in index["draws"] and (out / "draws.png").is_file()
    assert "Not made from this corpus: this corpus is too small for it\n" in index["small"]
    assert "Not made from this corpus: the corpus does not support it: no phrase recurs in 2 transcripts\n" in \
        index["library"]
    assert "Failed: IndexError: list index out of range (an internal error" in index["bug"]
    assert not (out / "bug.png").exists() and not (out / "none.png").exists()
    assert not (out / "small.png").exists() and not (out / "bug.svg").exists()  # the folder shows what the index says
    assert (out / "notes.txt").read_text(encoding="utf-8") == "old"


def test_regenerate_returns_what_became_of_each_figure(fake_registry, tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = regenerate(SHAPES["two_transcripts"](tmp_path / "corpus"), tmp_path / "figures", progress=False)
    assert run.drawn == ["draws"]
    assert run.skipped == {"small": "this corpus is too small for it",
                           "library": "the corpus does not support it: no phrase recurs in 2 transcripts"}
    assert run.failed == {"bug": "IndexError: list index out of range",
                          "none": "TypeError: the figure's make() returned NoneType, not a matplotlib Figure"}
    assert isinstance(run.errors["bug"], IndexError) and run.errors["bug"].__traceback__ is not None
    assert [p.name for p in run] == ["draws.png", "draws.svg", "README.md"]  # still the list of files written
    failures = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert failures == ["figure bug failed: IndexError: list index out of range",
                        "figure none failed: TypeError: the figure's make() returned NoneType, not a matplotlib "
                        "Figure"]


@pytest.mark.parametrize("message,reason", [
    ("formulae(): no phrase recurs in 2 transcripts; try a lower min_transcripts or min_speakers, or stop_rule='all'.",
     "no phrase recurs in 2 transcripts"),
    ("topic_units(): no paragraph has at least min_words=20 words; lower min_words.",
     "no paragraph has at least min_words=20 words"),
    ("distinctive_terms(): the reference is empty: every turn is in the target. Give a reference or a grouping "
     "with more than one value.", "the reference is empty: every turn is in the target"),
    ("no unit contains a vocabulary term", "no unit contains a vocabulary term"),
])
def test_skip_reason_of_an_analysis_drops_its_advice(message: str, reason: str) -> None:
    from analysis.errors import EmptyResultError
    from analysis.figures import skip_reason

    assert skip_reason(EmptyResultError(message)) == f"the corpus does not support it: {reason}"


# =========================================================================== real collections' shapes
def test_chinese_is_said_once_and_its_missing_glyphs_once_per_figure(figures_of) -> None:
    """Text without spaces between words is read (Chinese cut into words by its segmenter) and said in the
    index and on standard error; characters the font lacks are one warning per figure, not one
    per character."""
    outcomes, _, stderr = figures_of("chinese")
    assert stderr.count("Chinese characters, which the suite cuts into words with its Chinese segmenter") == 1
    glyphs = re.findall(r"^figure (\w+): (\d+) characters? \(.*\) ha(?:ve|s) no glyph in the font", stderr, re.M)
    assert len({name for name, _ in glyphs}) == len(glyphs), "one line per figure"
    assert "Glyph " not in stderr  # matplotlib's own warning, one per character, is summarized
    from analysis.plots._style import RC

    if RC["font.family"] == ["DejaVu Sans"]:  # no CJK font installed: the characters are said
        assert glyphs


def _lengths(dates: list[str], n_words: list[int] | None = None):
    import pandas as pd

    n = len(dates)
    words = n_words or [300] * n
    return pd.DataFrame({"transcript_id": [f"t{i}" for i in range(n)], "date": pd.to_datetime(dates),
                         "n_turns": 1, "n_questions": 0, "n_words": words, "words_official": words})


class TestSparseSeries:
    """A yearly series (UN debates: 190 speeches a year, each dated by its year) and a sparse
    one (court arguments decades apart)."""

    YEARS = [f"{y}-01-01" for y in range(1990, 2024)]

    def test_a_yearly_rhythm_is_not_a_gap_but_a_decade_is(self) -> None:
        import pandas as pd

        from analysis.plots._style import date_segments

        assert len(date_segments(pd.to_datetime(self.YEARS))) == 1
        segments = date_segments(pd.to_datetime(["1981-09-21", *self.YEARS]))
        assert [(a.year, b.year) for a, b in segments] == [(1981, 1981), (1990, 2023)]
        # a dense series keeps the 180-day rule
        dense = [str(d.date()) for d in pd.date_range("2018-05-01", "2020-03-01", freq="7D")]
        assert len(date_segments(pd.to_datetime([*dense, "2020-12-01"]))) == 2

    def test_many_transcripts_a_date_are_drawn_as_their_mean(self) -> None:
        from analysis.plots import overview as po

        dates = [d for d in self.YEARS[:5] for _ in range(4)]
        fig = po.plot_words_over_time(_lengths(dates, [100, 200, 300, 400] * 5))
        ax = fig.axes[0]
        assert ax.get_title().startswith("Mean length of the transcripts of each date (4 a date typically)")
        heights = sorted({round(p.get_height()) for p in ax.patches})
        assert heights == [250] and len(ax.patches) == 5  # one bar a date, the mean
        assert ax.get_xscale() == "linear"  # no squeezed gap between the years

    def test_sparse_bars_are_wide_enough_to_see(self) -> None:
        from analysis.plots import overview as po

        fig = po.plot_words_over_time(_lengths(["1958-04-02", "1963-01-09", "1971-01-12", "1981-03-31", "1992-11-10"]))
        assert min(p.get_width() for p in fig.axes[0].patches) > 30  # days; one day is under a pixel here

    def test_trend_lines_are_at_most_one_per_colour(self) -> None:
        import pandas as pd

        from analysis.gallery import terms as gt

        years = [f"{y}-01-01" for y in range(1990, 2010)]
        rising = pd.DataFrame({"target": [y for y in years for _ in range(3)],
                               "term": [f"{y[:4]}_{k}" for y in years for k in range(3)]})
        chosen = gt._latest_rising(rising)
        assert chosen == [f"{y}_0" for y in range(2002, 2010)]  # the latest 8 years, the top term of each
        two = rising[rising["target"].isin(years[:2])]
        assert gt._latest_rising(two) == two["term"].tolist()  # few years: every term, as before
        assert gt.trend_freq(pd.Series(pd.to_datetime(years))) == "year"


def test_formulae_of_many_one_off_officials(tmp_path: Path) -> None:
    """Advocates before a court: 25 officials, none with 5% of the officials' words. Formulae
    are mined from them all; the figure by spokesperson says why it is skipped."""
    from types import SimpleNamespace

    import pandas as pd

    from analysis.gallery import FigureContext
    from analysis.gallery import phrases as gp

    rows = []
    # each case named by a word, not a number: a phrase next to a number in most of its uses is
    # an announcement ("resolution 242"), not a formula
    names = ("alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa "
             "quebec romeo sierra tango uniform victor whiskey xray yankee").split()
    for t in range(25):
        rows.append((f"case{t}", 0, f"Justice {t % 3}", "questioner", "Counsel, what is your best argument?"))
        rows.append((f"case{t}", 1, f"Advocate {t}", "official",
                     f"Mr. Chief Justice, and may it please the Court: the statute in {names[t]} is clear."))
    turns = pd.DataFrame(rows, columns=["transcript_id", "turn_index", "speaker", "role", "text"])
    turns = turns.assign(n_words=turns["text"].str.split().str.len(), date=pd.NaT, kind=None)
    ctx = FigureContext(SimpleNamespace(turns=lambda: turns))
    formulae = gp._formulae(ctx)
    assert any("may it please the court" in f for f in formulae["formula"])
    with pytest.raises(NothingToDraw, match=r"^needs main spokespersons .*; this corpus has 25 officials, the most: "):
        gp._top_by_speaker(ctx)


class TestFitSettings:
    """Notebook 00's parameters, checked against the corpus (``narrate.fit_settings``)."""

    def test_one_and_two_transcripts_lower_min_transcripts_and_say_so(self, tmp_path: Path) -> None:
        from analysis.corpus import load_corpus
        from analysis.narrate import fit_settings

        one = fit_settings(load_corpus(_copy(tmp_path / "one", _pick(1)), progress=False))
        assert one.values == {"k_topics": 8, "min_transcripts": 1, "min_df": 5}
        assert "`MIN_TRANSCRIPTS` 3 \u2192 1 (the corpus has 1 transcript" in one.text
        assert "`-p MIN_TRANSCRIPTS 1`" in one.text
        two = fit_settings(load_corpus(_copy(tmp_path / "two", _pick(2)), progress=False))
        assert two["min_transcripts"] == 2 and "(the corpus has 2 transcripts)" in two.text

    def test_values_the_corpus_supports_are_kept(self, tmp_path: Path) -> None:
        from analysis.corpus import load_corpus
        from analysis.narrate import fit_settings

        five = fit_settings(load_corpus(_copy(tmp_path / "five", _pick(5)), progress=False), k_topics=4,
                            min_transcripts=2, min_df=2)
        assert five.values == {"k_topics": 4, "min_transcripts": 2, "min_df": 2}
        assert five.text.startswith("The parameters suit this corpus: `K_TOPICS` = 4, ")

    def test_little_text_lowers_min_df_then_k(self, tmp_path: Path) -> None:
        from analysis.corpus import load_corpus
        from analysis.narrate import fit_settings

        talks = load_corpus(_interviews(tmp_path / "talks"), progress=False)
        settings = fit_settings(talks, k_topics=8, min_transcripts=3, min_df=5)
        assert settings["min_df"] < 5 and settings["k_topics"] < 8
        assert "`MIN_DF` 5 \u2192" in settings.text and "`K_TOPICS` 8 \u2192" in settings.text
        from analysis import topics

        model = topics.fit_topics(topics.topic_units(talks, unit="paragraph"), k=settings["k_topics"],
                                  min_df=settings["min_df"])
        assert model.k == settings["k_topics"]

    def test_chinese_is_said(self, tmp_path: Path) -> None:
        from analysis.corpus import load_corpus
        from analysis.narrate import fit_settings

        settings = fit_settings(load_corpus(_write(tmp_path / "zh", CHINESE), progress=False))
        assert "Chinese characters, which the suite cuts into words with its Chinese segmenter" in settings.text
