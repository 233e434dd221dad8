"""Readers' environments, each built fresh: Binder (``binder/``), Colab's package versions,
and the oldest versions ``pyproject.toml`` allows; and the chapters in a real JupyterLab.

Each environment is a new virtual environment made by this module, so what the tests see is
what a reader gets: the packages the environment's own files install, nothing left over from
the development environment. Install time and size are printed (``-rP`` shows them) and
measured on their own by ``benchmarks/bench_environments.py``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
import tomllib
from book_tools.environments import (
    Environment,
    canonical_name,
    clean_env,
    make_environment,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.environments

# Colab's preinstalled versions of the packages the chapters use, as close as the registries
# allow on Python 3.11 (Colab's runtime of 2025-26: IPython 7.34, ipywidgets 7.7.1). The
# set-up cell must install tconv_lib without changing any of them.
COLAB_PINS = {
    "numpy": "2.0.2",
    "scipy": "1.15.3",
    "sympy": "1.13.1",
    "matplotlib": "3.10.0",
    "pillow": "11.3.0",
    "ipywidgets": "7.7.1",
    "ipykernel": "6.17.1",
    "ipython": "7.34.0",
    "jupyter-client": "7.4.9",
    "nbclient": "0.10.2",
}

# Chapters that run third-party frameworks live; they need the frameworks' own lower bounds
# (NumPy 2), so the minimum-versions run leaves them out and says so.
FRAMEWORK_CHAPTERS = {"chapters/12_frameworks.ipynb"}


def toc_chapters() -> list[str]:
    """The chapter notebooks in the order of ``_toc.yml``."""
    files = re.findall(r"file:\s*(chapters/\S+)", (REPO_ROOT / "_toc.yml").read_text())
    return [f"{f}.ipynb" for f in files]


_RUNNER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import nbformat
    from nbclient import NotebookClient
    report = {}
    for path in sys.argv[1:]:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        try:
            NotebookClient(nb, timeout=300, kernel_name="python3",
                           resources={"metadata": {"path": str(Path(path).parent)}}).execute()
            report[path] = {"seconds": time.perf_counter() - start, "error": None}
        except Exception as error:  # report every notebook, not only the first failure
            report[path] = {"seconds": time.perf_counter() - start, "error": str(error)[-2000:]}
    print(json.dumps(report))
    """
)


def run_chapters(env: Environment, chapters: list[str]) -> dict[str, dict]:
    """Execute ``chapters`` in ``env``'s own kernel; return seconds and error per chapter."""
    output = env.run("-c", _RUNNER, *chapters, cwd=REPO_ROOT, timeout=1800)
    report = json.loads(output.strip().splitlines()[-1])
    for path, result in report.items():
        print(f"{env.name}: {path} {result['seconds']:.1f} s"
              + ("" if result["error"] is None else " FAILED"))
    return report


def assert_all_ran(report: dict[str, dict]) -> None:
    failures = {path: r["error"] for path, r in report.items() if r["error"] is not None}
    assert not failures, "\n\n".join(f"{p}:\n{e}" for p, e in failures.items())


def _requirement_pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)", line.strip())
        if match:
            pins[canonical_name(match.group(1).split("[")[0])] = match.group(2)
    return pins


def minimum_pins() -> dict[str, str]:
    """The oldest version ``pyproject.toml`` allows for each runtime dependency."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    pins = {}
    for requirement in project["dependencies"]:
        match = re.match(r"^([A-Za-z0-9_.\-]+)\s*>=\s*([0-9.]+)", requirement)
        assert match, f"every dependency needs a lower bound: {requirement!r}"
        pins[canonical_name(match.group(1))] = match.group(2)
    return pins


# --------------------------------------------------------------------------------------
# fixtures: each environment is made once per test session


@pytest.fixture(scope="session")
def env_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("environments")


@pytest.fixture(scope="session")
def binder_env(env_root: Path) -> Environment:
    return make_environment("binder", env_root / "binder",
                            ["-r", str(REPO_ROOT / "binder" / "requirements.txt")])


@pytest.fixture(scope="session")
def colab_env(env_root: Path) -> Environment:
    pins = [f"{name}=={version}" for name, version in COLAB_PINS.items()]
    # Colab's runtime first, then tconv_lib the way the set-up cell installs it (a plain,
    # non-editable install from the repository, which upgrades nothing already satisfied).
    return make_environment("colab", env_root / "colab", pins, [str(REPO_ROOT)])


@pytest.fixture(scope="session")
def minimum_env(env_root: Path) -> Environment:
    constraints = env_root / "minimum-constraints.txt"
    constraints.write_text("".join(f"{n}=={v}\n" for n, v in minimum_pins().items()))
    return make_environment("minimum", env_root / "minimum",
                            ["-c", str(constraints), str(REPO_ROOT), "ipykernel", "nbclient",
                             "nbformat",
                             # Matplotlib 3.7's pyplot imports IPython's backend2gui, which
                             # IPython 9 removed: a reader with Matplotlib 3.7 has IPython 8.
                             "ipython<9"])


# --------------------------------------------------------------------------------------
# the environments' files


def test_binder_pins_agree_with_the_book_requirements():
    binder = _requirement_pins(REPO_ROOT / "binder" / "requirements.txt")
    book = _requirement_pins(REPO_ROOT / "requirements.txt")
    assert {"jupyterlab", "jupyterlab-myst", "ipykernel"} <= set(binder)
    disagree = {name: (binder[name], book[name]) for name in binder.keys() & book.keys()
                if binder[name] != book[name]}
    assert not disagree, f"binder/requirements.txt and requirements.txt disagree: {disagree}"
    # The Binder environment leaves out the book's build toolchain.
    assert not {"jupyter-book", "sphinx", "myst-nb"} & set(binder)
    text = (REPO_ROOT / "binder" / "requirements.txt").read_text()
    assert re.search(r"^-e \.$", text, re.M), "Binder must install tconv_lib from the repository"
    runtime = (REPO_ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime == (REPO_ROOT / "runtime.txt").read_text().strip() == "python-3.11"


def test_minimum_pins_are_lower_bounds_of_every_dependency():
    pins = minimum_pins()
    assert {"numpy", "scipy", "sympy", "matplotlib", "pillow"} <= set(pins)


# --------------------------------------------------------------------------------------
# the chapters in each environment


def test_every_chapter_runs_in_the_binder_environment(binder_env: Environment):
    report = run_chapters(binder_env, toc_chapters())
    assert_all_ran(report)
    assert len(report) == len(toc_chapters())


def test_installing_like_the_colab_set_up_cell_upgrades_nothing(colab_env: Environment):
    versions = colab_env.versions()
    changed = {name: (pin, versions.get(name)) for name, pin in COLAB_PINS.items()
               if versions.get(name) != pin}
    assert not changed, f"installing tconv_lib changed Colab's packages: {changed}"
    assert "tconv-lib" in versions


def test_every_chapter_runs_with_colab_versions(colab_env: Environment):
    chapters = toc_chapters()
    frameworks = [c for c in chapters if c in FRAMEWORK_CHAPTERS]
    if frameworks:  # that chapter's set-up cell installs tconv_lib[frameworks]
        colab_env.run("-m", "pip", "install", "--quiet", f"{REPO_ROOT}[frameworks]")
    assert_all_ran(run_chapters(colab_env, chapters))


def test_every_chapter_runs_with_the_oldest_allowed_versions(minimum_env: Environment):
    versions = minimum_env.versions()
    for name, version in minimum_pins().items():
        assert _release(versions[name]) == _release(version), (name, versions[name], version)
    chapters = [c for c in toc_chapters() if c not in FRAMEWORK_CHAPTERS]
    assert_all_ran(run_chapters(minimum_env, chapters))


def _release(version: str) -> tuple[int, ...]:
    parts = [int(p) for p in re.findall(r"\d+", version)[:3]]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


# --------------------------------------------------------------------------------------
# a real JupyterLab, started on loopback from the Binder environment


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def jupyterlab(binder_env: Environment, env_root: Path):
    """A JupyterLab server over a copy of the chapters; yields its base URL and token."""
    if not CHROMIUM.exists():
        pytest.fail("the JupyterLab test needs Debian's chromium (apt-get install chromium)")
    root = env_root / "lab-root"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO_ROOT / "chapters", root / "chapters")
    port, token = _free_port(), "tconv-test-token"
    lab = subprocess.Popen(
        [str(binder_env.python.parent / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", "--allow-root", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--LabApp.news_url=", "--ServerApp.open_browser=False"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=clean_env(),
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 90 s")
        yield f"http://127.0.0.1:{port}", token
    finally:
        lab.terminate()
        try:
            lab.wait(timeout=20)
        except subprocess.TimeoutExpired:
            lab.kill()


def _open_and_run(page, base: str, token: str, chapter: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(f"{base}/lab/tree/{chapter}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    # A fresh workspace may ask which kernel to start: take the notebook's own (Python 3).
    try:
        page.wait_for_selector(".jp-Dialog .jp-mod-accept", timeout=8_000)
        page.click(".jp-Dialog .jp-mod-accept")
    except PlaywrightTimeout:
        pass
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    page.click(".lm-MenuBar-item:has-text('Run')")
    page.click(".lm-Menu-item:has-text('Run All Cells')")
    page.wait_for_function(
        "() => { const p = [...document.querySelectorAll('.jp-InputPrompt')];"
        " return p.length > 0 && p.every(e => !e.textContent.includes('*'))"
        " && p.some(e => /\\d/.test(e.textContent)); }",
        timeout=int(os.environ.get("LAB_TIMEOUT_MS", "180000")),
    )


RAW_MYST = re.compile(r"```\{|\{(numref|ref|eq|cite:[pt]|footcite:[pt]|doc)\}`|^:label:|^:class:"
                      r"|Unknown Directive|Unknown Role", re.M)
SAMPLE_CHAPTERS = ["chapters/03_matrix.ipynb", "chapters/04_delta_derivation.ipynb",
                   "chapters/10_checkerboard_artifacts.ipynb", "chapters/13_explore.ipynb"]
EXPLORER_CHAPTER = "chapters/13_explore.ipynb"


@pytest.mark.browser
def test_chapters_render_and_run_in_jupyterlab(jupyterlab):
    from playwright.sync_api import sync_playwright

    base, token = jupyterlab
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
        problems = []
        for chapter in SAMPLE_CHAPTERS:
            _open_and_run(page, base, token, chapter)
            # Error outputs and stderr (tracebacks, warnings) are both stderr-typed here.
            errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']")
            if errors.count():
                problems.append(f"{chapter}: error output {errors.first.inner_text()[:500]}")
            markdown = "\n".join(page.locator(".jp-MarkdownOutput").all_inner_texts())
            raw = sorted(set(m.group(0) for m in RAW_MYST.finditer(markdown)))
            if raw:
                problems.append(f"{chapter}: raw MyST visible: {raw}")
            if page.locator(".myst-admonition").count() == 0:
                problems.append(f"{chapter}: no admonition rendered")
            if page.locator("aside.myst-exercise").count() == 0:
                problems.append(f"{chapter}: no exercise rendered")
            solutions = page.locator("details.myst-exercise")
            if solutions.count() == 0:
                problems.append(f"{chapter}: no solution dropdown rendered")
            if page.locator("details.myst-exercise[open]").count():
                problems.append(f"{chapter}: a solution is open")
            if chapter == EXPLORER_CHAPTER:
                problems += _explorer_widget_problems(page)
        browser.close()
    assert not problems, "\n".join(problems)


def _explorer_widget_problems(page) -> list[str]:
    """The widget renders (not "Loading widget...", not a text repr) and reacts to a control."""
    problems = []
    outputs = " ".join(page.locator(".jp-OutputArea-output").all_inner_texts())
    if "Loading widget" in outputs or re.search(r"\bExplorer\(", outputs):
        problems.append("explorer: the widget shows as text, not as a widget")
    roots = page.locator(".tcx-root")
    if roots.count() < 2:  # the page-embedded explorer and the widget
        return problems + [f"explorer: {roots.count()} explorer(s) rendered, expected 2"]
    widget = roots.last
    formula = widget.locator(".tcx-formula")
    before = formula.inner_text()
    stride = widget.locator(".tcx-input-stride")
    stride.fill("3")
    stride.dispatch_event("change")
    try:
        page.wait_for_function("([el, old]) => el.innerText !== old",
                               arg=[formula.element_handle(), before], timeout=10_000)
    except Exception:  # noqa: BLE001 - any failure to redraw is the finding
        problems.append("explorer: changing the stride did not redraw the formula")
    return problems
