"""The self-checking exercise registry against the book: chapter order, labels, positions.

Each chapter's own checkers are tested in ``tests/test_exercises_<stem>.py``; this module
checks what they all rely on: ``CHAPTER_ORDER`` is the order of ``_toc.yml``, every
registered exercise exists in its chapter at the position it claims, and
``check_exercise`` finds exercises by number and by label.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

import tconv_lib as tl
from tconv_lib.exercises import CHAPTER_ORDER, Exercise, exercise_number, exercises, register
from tconv_lib.exercises import registry as registry_module

ROOT = Path(__file__).resolve().parents[1]
LABEL_LINE = re.compile(r"^\(([A-Za-z0-9_-]+)\)=\s*$")
# An exercise directive (plain or gated), with its options on the following lines.
EXERCISE = re.compile(r"^(?:`{3,}|:{3,})\{exercise(?:-start)?\}[^\n]*\n((?::[^\n]*\n)*)",
                      re.MULTILINE)


def _toc_files(node: object) -> list[str]:
    """Every ``file:`` of ``_toc.yml``, in reading order."""
    if isinstance(node, dict):
        found = [node["file"]] if "file" in node else []
        for key in ("parts", "chapters", "sections"):
            for child in node.get(key, []):
                found.extend(_toc_files(child))
        return found
    return []


def _cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def _chapter_label(notebook: Path) -> str | None:
    """The label of the first line of the notebook, ``(label)=``."""
    first = "".join(_cells(notebook)[0]["source"]).splitlines()[0]
    match = LABEL_LINE.match(first)
    return match.group(1) if match else None


def _chapter_notebooks() -> dict[str, Path]:
    """Chapter label -> notebook, for every notebook in chapters/."""
    found = {}
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        label = _chapter_label(notebook)
        assert label is not None, f"{notebook.name} does not start with a (label)= line"
        found[label] = notebook
    return found


def _exercise_labels(notebook: Path) -> list[str | None]:
    """The ``:label:`` of each exercise directive of a notebook, in order."""
    labels: list[str | None] = []
    for cell in _cells(notebook):
        if cell["cell_type"] != "markdown":
            continue
        for match in EXERCISE.finditer("".join(cell["source"])):
            options = re.findall(r"^:label:\s*(\S+)", match.group(1), re.MULTILINE)
            labels.append(options[0] if options else None)
    return labels


def test_the_directive_pattern_reads_labels_and_positions():
    text = ("Intro\n\n```{exercise}\n:label: ex-a-1\n\nText\n```\n\n"
            "````{exercise-start}\n:label: ex-a-2\n:class: dropdown\n````\n"
            "```{solution} ex-a-1\n:class: dropdown\n```\n:::{exercise}\n:nonumber:\n:::\n")
    found = [re.findall(r"^:label:\s*(\S+)", m.group(1), re.MULTILINE)
             for m in EXERCISE.finditer(text)]
    assert found == [["ex-a-1"], ["ex-a-2"], []]


def test_chapter_order_follows_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    notebooks = _chapter_notebooks()
    in_toc = [_chapter_label(ROOT / f"{file}.ipynb") for file in _toc_files(toc)
              if file.startswith("chapters/")]
    # Every chapter of the table of contents is in CHAPTER_ORDER, in the same order; a
    # chapter not yet in the table of contents may be missing from it.
    assert all(label in CHAPTER_ORDER for label in in_toc), in_toc
    assert in_toc == [label for label in CHAPTER_ORDER if label in in_toc]
    # Every chapter notebook that exists is one of CHAPTER_ORDER, and file numbers agree.
    for label, notebook in notebooks.items():
        assert label in CHAPTER_ORDER, f"{notebook.name}: {label} is not in CHAPTER_ORDER"
        assert int(notebook.name[:2]) == CHAPTER_ORDER.index(label) + 1, notebook.name
    assert len(set(CHAPTER_ORDER)) == len(CHAPTER_ORDER)


def _book_exercises() -> list[Exercise]:
    return [e for e in exercises().values() if e.chapter != "demo"]


@pytest.mark.parametrize("exercise", _book_exercises(), ids=lambda e: e.label)
def test_each_exercise_is_where_it_says_in_its_chapter(exercise):
    notebooks = _chapter_notebooks()
    assert exercise.chapter in notebooks, f"no notebook has the label {exercise.chapter}"
    labels = _exercise_labels(notebooks[exercise.chapter])
    assert exercise.label in labels, (
        f"{exercise.label} is not an exercise of {notebooks[exercise.chapter].name}")
    assert labels.index(exercise.label) + 1 == exercise.index, (
        f"{exercise.label} is exercise {labels.index(exercise.label) + 1} of its chapter, "
        f"registered as {exercise.index}")
    chapter = CHAPTER_ORDER.index(exercise.chapter) + 1
    assert exercise_number(exercise) == f"{chapter}.{exercise.index}"
    assert exercise.expects and callable(exercise.check)


def test_exercise_labels_are_unique_across_the_book():
    everything = [label for notebook in _chapter_notebooks().values()
                  for label in _exercise_labels(notebook)]
    assert None not in everything, "an exercise without a :label:"
    assert len(everything) == len(set(everything))
    for label in everything:
        assert re.fullmatch(r"ex-[a-z0-9-]+-\d+", label), label


def test_check_exercise_by_number_and_by_label():
    assert tl.check_exercise("ex-demo-1", 7)
    assert not tl.check_exercise("ex-demo-1", 9)
    assert repr(tl.check_exercise("ex-demo-1", 7)) == "Right (Exercise ex-demo-1)."
    wrong_kind = tl.check_exercise("ex-demo-1", "seven")
    assert not wrong_kind and "expected an int" in repr(wrong_kind)
    for exercise in _book_exercises():
        number = exercise_number(exercise)
        # The same exercise by number and by label: the same verdict on the same answer.
        by_number, by_label = (tl.check_exercise(key, object()) for key in (number,
                                                                           exercise.label))
        assert by_number.exercise == by_label.exercise == number
        assert bool(by_number) is bool(by_label) is False


def test_unknown_exercises_are_refused_with_the_known_ones_listed():
    with pytest.raises(ValueError) as info:
        tl.check_exercise("99.9", 1)
    message = str(info.value)
    assert "'99.9'" in message and "ex-demo-1" in message
    for exercise in _book_exercises():
        assert exercise_number(exercise) in message
    with pytest.raises(ValueError, match="'ex-nothing-1'"):
        tl.check_exercise("ex-nothing-1", 1)
    with pytest.raises(TypeError, match="exercise must be a string such as '3.1', got 3.1"):
        tl.check_exercise(3.1, 1)


def test_register_refuses_duplicates_and_unknown_chapters():
    with pytest.raises(ValueError, match="registered twice"):
        register(Exercise("ex-demo-1", "demo", 1, "an int", lambda answer: None))
    with pytest.raises(ValueError, match="chapter must be one of"):
        register(Exercise("ex-x-1", "ch-nowhere", 1, "an int", lambda answer: None))
    with pytest.raises(TypeError, match="register expects an Exercise"):
        register("ex-x-1")
    assert "ex-x-1" not in registry_module.exercises()
