"""Real collections end to end: ``python -m analysis figures`` and notebook 00 on the shared corpora.

The five collections of ``shared/corpora/generality`` (HTML hearings as ``.php`` pages,
plain-text speeches, Supreme Court JSON with case files beside the transcripts, Hansard XML,
White House HTML briefings) and the MFA press-conference folder as distributed (its
``index.csv`` and ``SOURCE.md`` are skipped with notes) each go through ``figures`` in process
(``analysis.cli.main``, no ``--only``): the exit status is 0, and the index lists every
registered figure once, each drawn (PNG and SVG written) or skipped with a reason, none failed.
The smallest generality collection (the Iran-Contra hearings, 404 KB) also runs notebook 00
with papermill, on its defaults.

Runtime (about 2.5 minutes in all on two cores): the hearings and the speeches are read
whole; of the larger collections a fixed subset is copied to ``tmp_path`` (:data:`SUBSETS`):
every other Supreme Court argument with its case file (10 of 20 argument files), the first and last sitting
of each kind of Hansard sitting (8 of 23: debates, Lords, standing committee, Westminster
Hall), every fourth White House briefing (5 of 20), and every eleventh file of the MFA folder
(39 of its 433 transcripts) with its ``index.csv`` and ``SOURCE.md``.

Skipped when ``shared/`` (beside the repository) is absent.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import warnings
from pathlib import Path

import nbformat
import pytest

from analysis.cli import main
from analysis.figures import registry
from analysis.notebook_runner import NOTEBOOK_DIR

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = SHARED / "corpora"
GENERALITY = CORPORA / "generality"
MFA = CORPORA / "mfa_press_conferences"

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason=f"the shared corpora are not here ({CORPORA})")

COLLECTIONS = {
    "irancontra_hearings": GENERALITY / "irancontra_hearings_1987_html" / "files",
    "presidential_speeches": GENERALITY / "presidential_speeches_txt" / "files",
    "scotus_oral_arguments": GENERALITY / "scotus_oral_arguments_oyez_json" / "files",
    "uk_hansard": GENERALITY / "uk_hansard_twfy_xml_2009" / "files",
    "wh_covid_briefings": GENERALITY / "wh_covid_briefings_2020_html" / "files",
    "mfa_press_conferences": MFA,
}


def _every(step: int, keep: tuple[str, ...] = ()):
    """A subset: every ``step``-th file in path order (from the first), plus the files named ``keep``."""
    def choose(files: list[Path], root: Path) -> list[Path]:
        return [f for i, f in enumerate(files) if i % step == 0 or f.relative_to(root).as_posix() in keep]
    return choose


def _hansard(files: list[Path], root: Path) -> list[Path]:
    """The first and last sitting of each kind (folder): debates, Lords, standing, Westminster Hall."""
    by_kind: dict[Path, list[Path]] = {}
    for f in files:
        by_kind.setdefault(f.parent, []).append(f)
    return sorted({f for group in by_kind.values() for f in (group[0], group[-1])})


def _scotus(files: list[Path], root: Path) -> list[Path]:
    """Every other argument transcript (``<case>-t01.json``), each with its case file beside it
    (``<case>.json``)."""
    transcripts = [f for f in files if re.search(r"-t\d+\.json$", f.name)][::2]
    cases = [f.with_name(f.name.rsplit("-t", 1)[0] + ".json") for f in transcripts]
    return sorted({*transcripts, *(c for c in cases if c.exists())})


#: Collections read in part, to keep this file's runtime under 3 minutes (each whole one
#: takes 35 to 70 s): how the files copied to tmp_path are chosen.
SUBSETS = {
    "scotus_oral_arguments": _scotus,
    "uk_hansard": _hansard,
    "wh_covid_briefings": _every(4),
    "mfa_press_conferences": _every(11, keep=("index.csv", "SOURCE.md")),
}


def _corpus(name: str, tmp_path: Path) -> Path:
    """The folder to read: the shared one, or the subset of :data:`SUBSETS` copied to ``tmp_path``."""
    root = COLLECTIONS[name]
    if not root.exists():
        pytest.skip(f"{root} is not here")
    if name not in SUBSETS:
        return root
    files = sorted(p for p in root.rglob("*") if p.is_file())
    chosen = SUBSETS[name](files, root)
    dst = tmp_path / "corpus"
    for f in chosen:
        target = dst / f.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    return dst


def _sections(index: str) -> dict[str, str]:
    parts = re.split(r"^## `([^`]+)`$", index, flags=re.M)
    names = parts[1::2]
    assert len(names) == len(set(names)), f"a figure listed twice: {names}"
    return dict(zip(names, parts[2::2]))


@pytest.mark.parametrize("name", list(COLLECTIONS))
def test_figures_of_a_real_collection(name: str, tmp_path: Path) -> None:
    corpus, out = _corpus(name, tmp_path), tmp_path / "figures"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), warnings.catch_warnings():
        warnings.simplefilter("always")
        status = main(["figures", "--corpus", str(corpus), "--out", str(out), "--no-progress"])
    assert status == 0, stderr.getvalue()
    assert "Traceback" not in stderr.getvalue()
    sections = _sections((out / "README.md").read_text(encoding="utf-8"))
    assert list(sections) == list(registry()), "the index lists every registered figure once, in order"
    drawn = []
    for fig, text in sections.items():
        assert "Failed:" not in text, f"{fig}: {text}"
        if f"![{fig}]({fig}.png)" in text:
            assert (out / f"{fig}.png").is_file() and (out / f"{fig}.svg").is_file(), fig
            drawn.append(fig)
        else:
            assert re.search(r"^Not made from this corpus: \S", text, re.M), f"{fig} neither drawn nor skipped"
    assert drawn, "a real collection draws some figures"
    skipped = len(sections) - len(drawn)
    assert f"(figures: {len(drawn)} drawn, {skipped} skipped; see " in stdout.getvalue()


def test_notebook_00_on_the_smallest_collection(tmp_path: Path) -> None:
    """Notebook 00 runs on the Iran-Contra hearings (undated, 60 HTML fragments) on its
    defaults, and says whether its parameters suit the corpus."""
    pm = pytest.importorskip("papermill")
    corpus = _corpus("irancontra_hearings", tmp_path)
    out = tmp_path / "quickstart.ipynb"
    pm.execute_notebook(str(NOTEBOOK_DIR / "00_quickstart.ipynb"), str(out), parameters={"CORPUS": str(corpus)},
                        cwd=str(NOTEBOOK_DIR), progress_bar=False, kernel_name="python3")
    nb = nbformat.read(out, as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    shown = "".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells if c.cell_type == "code"
                    for o in c.get("outputs", []))
    assert "The corpus holds " in shown
    assert "`K_TOPICS`" in shown and "`MIN_TRANSCRIPTS`" in shown  # the settings note
    numbers = json.loads("".join(o.get("text", "") for c in nb.cells if "key-numbers" in c.metadata.get("tags", [])
                                 for o in c.outputs if o.get("output_type") == "stream"))
    assert numbers["transcripts"] > 1 and numbers["n_formulae"] > 0
