"""Self-checking exercises: ``check_exercise("3.1", answer)`` says right or not yet.

Each exercise of the book whose answer is a number, a shape, an array or a formula has a
checker here. A checker compares the reader's answer with a value the library computes
(never a stored copy of the solution) and, for a wrong answer, returns a hint that points at
the idea without giving the answer away.

Exercises are registered by label (the ``:label:`` of the ``{exercise}`` directive, such as
``"ex-matrix-1"``) and are also found by their number on the page (``"3.1"``). The number
is derived from ``CHAPTER_ORDER``, the chapters' labels in the order of the book's table
of contents (a test keeps the two in step), and from the exercise's position in its chapter.

The checkers of one chapter live in one private module of this package; every module whose
name starts with ``_ch_`` is loaded on first use, so adding a chapter's checkers adds one
file and touches nothing else.

Examples
--------
>>> from tconv_lib import check_exercise
>>> check_exercise("ex-demo-1", 9)
Not yet (Exercise ex-demo-1): count the cells of the padded input first.
>>> bool(check_exercise("ex-demo-1", 7))
True
"""

from __future__ import annotations

from .registry import (
    CHAPTER_ORDER,
    Exercise,
    ExerciseCheck,
    check_exercise,
    exercise_number,
    exercises,
    register,
)

__all__ = [
    "CHAPTER_ORDER",
    "Exercise",
    "ExerciseCheck",
    "check_exercise",
    "exercise_number",
    "exercises",
    "register",
]
