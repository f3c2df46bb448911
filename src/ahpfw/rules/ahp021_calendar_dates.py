"""A date is not a real calendar date.

What: the framework's ``date`` has the right shape (YYYY-MM-DD) but names a day
that does not exist, such as 2024-02-30 or 2024-13-01.

Why: the date is the version's publication date; it is printed in every export
and used for ordering releases. The schema can only check its shape.

Example::

    date: 2024-02-30

Fix: correct the day or month.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ..model import Framework
from ..problems import Problem

CODE = "AHP021"
NAME = "calendar-dates"
SUMMARY = "The framework's date is a real calendar date."


def check(fw: Framework) -> Iterator[Problem]:
    try:
        datetime.date.fromisoformat(fw.date)
    except ValueError:
        yield Problem(fw.where("date"), CODE, f"date {fw.date} is not a real calendar date",
                      element_id=fw.id, hint="correct the day or month")
