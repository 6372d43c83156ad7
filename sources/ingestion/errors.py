"""The one error ingestion reports: a document it refuses, and why, in words."""


class DocumentError(Exception):
    """A document that cannot be ingested. ``reason`` is written for the person ingesting."""

    def __init__(self, reason: str, *, name: str = "", line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.name = name
        self.line = line

    def located(self, name: str, line: int | None = None) -> "DocumentError":
        """The same error, naming the file (and line) it came from."""
        return DocumentError(self.reason, name=self.name or name, line=self.line or line)

    @property
    def where(self) -> str:
        """The file, and line for JSON Lines: "corpus.jsonl, line 3"."""
        if self.line is None:
            return self.name
        return f"{self.name}, line {self.line}" if self.name else f"line {self.line}"

    def __str__(self):
        return f"{self.where}: {self.reason}" if self.where else self.reason
