"""The exercise registry, the lookup by number or label, and the result object."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

# Chapter labels in the order of _toc.yml; chapter n of the book is CHAPTER_ORDER[n - 1].
# tests/test_exercises.py checks this against the table of contents.
CHAPTER_ORDER: tuple[str, ...] = (
    "ch-gather-scatter",
    "ch-arithmetic",
    "ch-matrix",
    "ch-delta",
    "ch-fractional",
    "ch-backward",
    "ch-polyphase",
    "ch-bilinear",
    "ch-fourier",
    "ch-checkerboard",
    "ch-fcn-unet",
    "ch-frameworks",
    "ch-explore",
    "ch-gallery",
)

Checker = Callable[[object], "str | None"]


@dataclass(frozen=True)
class Exercise:
    """One self-checking exercise.

    Parameters
    ----------
    label
        The ``:label:`` of the exercise in the book, e.g. ``"ex-matrix-1"``.
    chapter
        The label of its chapter, e.g. ``"ch-matrix"`` (one of ``CHAPTER_ORDER``),
        or ``"demo"`` for the example below, which belongs to no chapter.
    index
        Its position among the chapter's exercises, from 1 (the ``k`` of "Exercise n.k").
    expects
        What kind of answer to pass, in words ("an int", "a shape tuple", ...).
    check
        Called with the reader's answer; returns ``None`` when it is right, otherwise a
        hint that does not reveal the answer.
    """

    label: str
    chapter: str
    index: int
    expects: str
    check: Checker


@dataclass(frozen=True)
class ExerciseCheck:
    """The verdict on one answer: true when right; its text says so, or gives a hint."""

    exercise: str
    right: bool
    hint: str = ""

    def __bool__(self) -> bool:
        return self.right

    def __repr__(self) -> str:
        if self.right:
            return f"Right (Exercise {self.exercise})."
        return f"Not yet (Exercise {self.exercise}): {self.hint}"

    def _repr_markdown_(self) -> str:
        return repr(self)


_REGISTRY: dict[str, Exercise] = {}
_loaded = False


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to the registry (called by the per-chapter modules)."""
    if not isinstance(exercise, Exercise):
        raise TypeError(f"register expects an Exercise, got {type(exercise).__name__}")
    if exercise.chapter not in CHAPTER_ORDER and exercise.chapter != "demo":
        raise ValueError(
            f"chapter must be one of the book's chapter labels {CHAPTER_ORDER}, "
            f"got {exercise.chapter!r}"
        )
    if exercise.label in _REGISTRY:
        raise ValueError(f"exercise label {exercise.label!r} is registered twice")
    _REGISTRY[exercise.label] = exercise
    return exercise


def _load_chapter_modules() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    package = importlib.import_module(__package__ or "tconv_lib.exercises")
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("_ch_"):
            importlib.import_module(f"{package.__name__}.{module.name}")


def exercises() -> dict[str, Exercise]:
    """Every registered exercise, by label.

    Examples
    --------
    >>> "ex-demo-1" in exercises()
    True
    """
    _load_chapter_modules()
    return dict(_REGISTRY)


def exercise_number(exercise: Exercise) -> str:
    """The number of ``exercise`` as the book prints it, e.g. ``"3.1"``.

    Examples
    --------
    >>> exercise_number(exercises()["ex-demo-1"])
    'ex-demo-1'
    """
    if exercise.chapter not in CHAPTER_ORDER:
        return exercise.label
    return f"{CHAPTER_ORDER.index(exercise.chapter) + 1}.{exercise.index}"


def _find(key: str) -> Exercise:
    registry = exercises()
    if key in registry:
        return registry[key]
    for exercise in registry.values():
        if exercise_number(exercise) == key:
            return exercise
    numbers = sorted((exercise_number(e) for e in registry.values()), key=_number_order)
    raise ValueError(
        f"exercise must be the number or label of a self-checking exercise, got {key!r}; "
        f"those with a checker are {', '.join(numbers)}"
    )


def _number_order(number: str) -> tuple[int, ...]:
    parts = number.split(".")
    if all(part.isdigit() for part in parts):
        return tuple(int(part) for part in parts)
    return (10**6,)


def check_exercise(exercise: str, answer: object) -> ExerciseCheck:
    """Say whether ``answer`` solves the exercise numbered or labelled ``exercise``.

    Parameters
    ----------
    exercise
        The exercise's number as printed ("3.1") or its label ("ex-matrix-1").
    answer
        Your answer, in the form the exercise asks for (its checker's ``expects``).

    Returns
    -------
    ExerciseCheck
        True when right. Displayed, it reads "Right" or "Not yet" with a hint; it never
        shows the solution.

    Raises
    ------
    TypeError
        If ``exercise`` is not a string.
    ValueError
        If no self-checking exercise has that number or label.

    Examples
    --------
    >>> check_exercise("ex-demo-1", 7)
    Right (Exercise ex-demo-1).
    """
    if not isinstance(exercise, str):
        raise TypeError(
            f"exercise must be a string such as '3.1', got {exercise!r} of type "
            f"{type(exercise).__name__}"
        )
    found = _find(exercise)
    number = exercise_number(found)
    try:
        hint = found.check(answer)
    except (TypeError, ValueError) as error:
        return ExerciseCheck(number, False, f"expected {found.expects}; {error}")
    return ExerciseCheck(number, hint is None, hint or "")


def _demo_check(answer: object) -> str | None:
    # The example of the docstrings: output size of i=5, k=3, s=1, p=2 is 7.
    from ..arithmetic import conv_output_size
    from .answers import same_int

    return same_int(answer, conv_output_size(5, 3, stride=1, padding=2),
                    "count the cells of the padded input first.")


register(Exercise("ex-demo-1", "demo", 1, "an int", _demo_check))
