"""Problems in data that point at the file, line and field a person has to fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ERROR_CAP = 20  # a file with 10,000 broken lines needs the first few and a count, not a wall of text


@dataclass
class DataError(ValueError):
    """One problem in an input file, located precisely enough to fix it without searching."""

    file: str | Path
    line: int | None
    field: str | None
    message: str
    unit: str = "line"  # "row" for Parquet and dataset folders, whose records have no line

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f", {self.unit} {self.line}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"

    def located(self) -> str:
        """`PATH:LINE: field: message`, the shape compilers use, so editors and grep can jump to it."""
        where = f"{self.file}:{self.line}" if self.line is not None else str(self.file)
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def to_dict(self) -> dict:
        return {"file": str(self.file), "line": self.line, "field": self.field, "message": self.message}


@dataclass
class Problems:
    """Errors (the data cannot be used as it is) and warnings (it can, but a person should look), each capped."""

    errors: list[DataError] = field(default_factory=list)
    warnings: list[DataError] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    cap: int = ERROR_CAP

    def error(self, file: str | Path, line: int | None, field: str | None, message: str, unit: str = "line") -> None:
        self.error_count += 1
        if len(self.errors) < self.cap:
            self.errors.append(DataError(file, line, field, message, unit))

    def warn(self, file: str | Path, line: int | None, field: str | None, message: str, unit: str = "line") -> None:
        self.warning_count += 1
        if len(self.warnings) < self.cap:
            self.warnings.append(DataError(file, line, field, message, unit))

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def full(self) -> bool:
        """Past the cap: later stages would only add noise on top of errors already found."""
        return self.error_count >= self.cap

    def lines(self, kind: str = "errors") -> list[str]:
        items, count = (self.errors, self.error_count) if kind == "errors" else (self.warnings, self.warning_count)
        out = [item.located() for item in self.sorted(items)]
        if count > len(items):
            out.append(f"… and {count - len(items)} more {kind}")
        return out

    @staticmethod
    def sorted(items: list[DataError]) -> list[DataError]:
        """In file order, as a person fixes them: reading problems are found before field problems."""
        return sorted(items, key=lambda e: (str(e.file), e.line if e.line is not None else -1))

    def to_dict(self) -> dict:
        return {
            "errors": [e.to_dict() for e in self.errors],
            "error_count": self.error_count,
            "warnings": [w.to_dict() for w in self.warnings],
            "warning_count": self.warning_count,
        }
