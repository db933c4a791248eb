"""Both explorers driven in a real browser (headless Chromium through Playwright).

The Jupyter explorer (:func:`analysis.explore.explorer`) runs in JupyterLab started here on a
temporary notebook, in a fresh kernel with matplotlib's default backend (no
``%matplotlib inline``); the shareable page (``python -m analysis explore``) is opened through
``file://``. Each test types a term, checks the trend and the KWIC lines change, clicks a line
for its turn in context, and fails on any console error. Screenshots go to the test's
temporary folder; with ``UPDATE_SCREENSHOTS=1`` they also replace the README's
``docs/explorer_*.png``.

Playwright drives the system Chromium (Debian's ``chromium`` package, which ``.ci/run``
installs): it never downloads a browser. Without Chromium the tests skip and say so.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini"
DOCS = ROOT / "docs"
CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                             shutil.which("chromium-browser")) if p and Path(p).exists()), None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: install Debian's package "
                                "(apt-get install -y chromium; .ci/run does) to run the browser tests")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements.txt)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


class Page:
    """A browser page that records console errors and uncaught exceptions."""

    def __init__(self, browser, width: int = 1200, height: int = 1400) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def close(self) -> None:
        self.page.close()


def _shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    if os.environ.get("UPDATE_SCREENSHOTS"):
        shutil.copyfile(path, DOCS / f"{name}.png")
    return path


# ------------------------------------------------------------------------- the HTML page

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The bundled corpus's page, written by the command line."""
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, "-m", "analysis", "explore", "--out", str(out), "--term", "sovereignty",
                           "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return out / "index.html"


def _model(page, name: str, attr: str = "text"):
    return page.evaluate(f"Bokeh.documents[0].get_model_by_name({json.dumps(name)}).{attr}")


class TestSitePage:
    def test_small_self_contained_and_opens_fast(self, site: Path, browser) -> None:
        html = site.read_text(encoding="utf-8")
        assert site.stat().st_size < 15_000_000
        assert "cdn.bokeh.org" not in html and "<script src=" not in html.replace("<script src=\"data:", "")
        p = Page(browser)
        requests: list[str] = []
        p.page.on("request", lambda r: requests.append(r.url))
        started = time.perf_counter()
        p.page.goto(site.as_uri())
        p.page.wait_for_selector("body[data-explorer-ready]", timeout=30_000)
        seconds = time.perf_counter() - started
        # Its opening time is printed, not asserted (speed is measured where the machine is not shared).
        print(f"the explorer page was ready in {seconds:.2f} s")
        assert all(u.startswith(("file:", "data:", "blob:")) for u in requests), requests  # nothing fetched
        assert p.errors == []
        p.close()

    def test_type_a_term_then_click_a_line(self, site: Path, browser, tmp_path: Path) -> None:
        from analysis.corpus import load_corpus
        from analysis.terms import kwic

        p = Page(browser)
        page = p.page
        page.goto(site.as_uri())
        page.wait_for_selector("body[data-explorer-ready]", timeout=30_000)
        assert "272</b> occurrences of <i>sovereignty" in _model(page, "count")
        before = _model(page, "kwic", "source.data.match")
        trend_before = _model(page, "trend", "renderers[0].data_source.data.y")
        box = page.locator(".term-box input")
        box.fill("internal affairs")
        box.press("Enter")
        page.wait_for_function("Bokeh.documents[0].get_model_by_name('count').text.includes('internal affairs')")
        # the same count as the library's KWIC on the same turns
        n = len(kwic(load_corpus(ROOT / "data").turns(), "internal affairs"))
        assert f"<b>{n}</b> occurrences" in _model(page, "count")
        after = _model(page, "kwic", "source.data.match")
        assert after != before and len(after) == n and {m.lower() for m in after} == {"internal affairs"}
        assert _model(page, "trend", "renderers[0].data_source.data.y") != trend_before
        # the table shows the new lines (a table given as many rows as before kept the old ones)
        first_row = page.locator(".kwic-table .slick-row").first.inner_text()
        assert "internal affairs" in first_row.lower()
        page.locator(".kwic-table .slick-row .slick-cell").nth(2).click()
        page.wait_for_function("Bokeh.documents[0].get_model_by_name('context').text.length > 0")
        context = _model(page, "context")
        assert "<i>turn</i>" in context and ("<i>question</i>" in context or "<i>answer</i>" in context)
        assert "<b>internal affairs</b>" in context.lower()
        _shot(page, tmp_path, "explorer_html")
        for tab in ("Two groups", "Topics", "Formulae"):
            page.get_by_text(tab, exact=True).click()
            page.wait_for_timeout(300)
        assert p.errors == []
        p.close()


# ----------------------------------------------------------------------- JupyterLab

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a temporary folder holding one notebook that opens the explorer."""
    import nbformat

    root = tmp_path_factory.mktemp("lab")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
        "from analysis.corpus import load_corpus\nfrom analysis.explore import explorer\n"
        f"explorer(load_corpus({str(MINI)!r}), initial='china')")]
    nbformat.write(nb, root / "explore.ipynb")
    port, token = _free_port(), "explorer-test-token"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".config"), "JUPYTER_RUNTIME_DIR": str(root / ".runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(root / ".settings"), "JUPYTERLAB_WORKSPACES_DIR": str(root / ".ws"),
           "MPLBACKEND": "agg"}  # not the inline backend: the explorer must draw into its own widgets
    jupyter = Path(sys.executable).with_name("jupyter")
    proc = subprocess.Popen([str(jupyter), "lab", "--no-browser", "--allow-root", f"--port={port}",
                             "--ServerApp.port_retries=0", f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
                             "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                             "--LabApp.extension_manager=readonly", "--LabApp.expose_app_in_browser=True"],
                            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=open(root / "lab.log", "w"))
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"JupyterLab did not start: {(root / 'lab.log').read_text()[-2000:]}")
            time.sleep(0.5)
    yield f"{url}/lab/tree/explore.ipynb?token={token}"
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


class TestJupyterExplorer:
    def test_type_a_term_then_click_a_line(self, lab: str, browser, tmp_path: Path) -> None:
        from analysis.corpus import load_corpus
        from analysis.terms import kwic

        p = Page(browser, height=1600)
        page = p.page
        page.goto(lab)
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        page.wait_for_function("() => window.jupyterapp && jupyterapp.shell.currentWidget && jupyterapp.shell."
                               "currentWidget.sessionContext?.session?.kernel?.status === 'idle'", timeout=120_000)
        page.evaluate("jupyterapp.commands.execute('notebook:run-all-cells')")
        box = page.locator(".widget-text input").first
        box.wait_for(timeout=120_000)
        count = page.locator(".jp-OutputArea-output .widget-html-content").first
        page.wait_for_function("() => [...document.querySelectorAll('.widget-html-content')]"
                               ".some(e => e.textContent.includes('occurrences of china'))", timeout=60_000)
        image = page.locator(".widget-image").first
        image.wait_for(timeout=30_000)
        src_before = image.get_attribute("src")
        assert src_before and src_before.startswith(("blob:", "data:image/png"))
        options_before = page.locator(".widget-select select option").all_inner_texts()
        box.fill("xinjiang")
        box.press("Enter")
        page.wait_for_function("() => [...document.querySelectorAll('.widget-html-content')]"
                               ".some(e => e.textContent.includes('occurrences of xinjiang'))", timeout=60_000)
        n = len(kwic(load_corpus(MINI).turns(), "xinjiang"))
        assert f"{n} occurrences of xinjiang" in count.text_content()
        page.wait_for_function("s => document.querySelector('.widget-image').getAttribute('src') !== s",
                               arg=src_before, timeout=30_000)
        page.wait_for_function("n => { const o = document.querySelectorAll('.widget-select select option'); "
                               "return o.length === n && o[0].textContent.toLowerCase().includes('[xinjiang]'); }",
                               arg=n, timeout=30_000)
        options = page.locator(".widget-select select option").all_inner_texts()
        assert options != options_before and len(options) == n
        assert all("[xinjiang]" in o.lower() for o in options)
        page.locator(".widget-select select").select_option(index=0)
        page.wait_for_function("() => document.querySelector('.turn-context') !== null", timeout=30_000)
        context = page.locator(".turn-context").all_inner_texts()
        assert any(c.startswith("turn") for c in context) and len(context) >= 2  # with its question or answer
        news = page.get_by_role("button", name="No", exact=True)  # JupyterLab's news prompt, if shown
        if news.count():
            news.first.click()
        _shot(page, tmp_path, "explorer_jupyter")
        assert not [e for e in p.errors if "favicon" not in e], p.errors
        p.close()
