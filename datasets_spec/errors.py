"""Errors about data that point at the file, line and field a person has to fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class DataError(ValueError):
    """One problem in an input file, located precisely enough to fix it without searching."""

    file: str | Path
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"
