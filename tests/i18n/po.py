"""Read a gettext PO file into entries: just enough of the format for the catalogue tests (no dependency)."""

import ast
from dataclasses import dataclass, field
from pathlib import Path

_KEYWORDS = ("msgctxt", "msgid_plural", "msgid", "msgstr")


@dataclass
class Entry:
    """One message of a PO file; `key` identifies it the way gettext does (context, singular, plural)."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr)

    @property
    def source_files(self) -> set[str]:
        """The files the message comes from, without line numbers."""
        return {reference.rsplit(":", 1)[0] for reference in self.references}


def _unquote(text: str, path: Path, number: int) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise ValueError(f"{path}:{number}: expected a quoted string, found {text!r}")
    # PO strings use C escapes, which a Python string literal reads the same way for what gettext writes.
    return ast.literal_eval(text)


def parse(path: Path) -> list[Entry]:
    """Return the entries of a PO file, the header first; raise ValueError on a line it cannot read."""
    entries: list[Entry] = []
    entry = Entry()
    started = False  # the current entry has a keyword line
    target: tuple[str, int] | None = None  # (field, plural index) that continuation strings extend

    def finish() -> None:
        nonlocal entry, started, target
        if started:
            entries.append(entry)
        entry, started, target = Entry(), False, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):
                continue  # a previous msgid of an obsolete entry
        elif line.startswith("#"):
            if started:
                finish()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
            continue
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{number}: a string continues no keyword")
            _extend(entry, target, _unquote(line, path, number))
            continue
        keyword, _space, rest = line.partition(" ")
        name, _bracket, index = keyword.partition("[")
        if name not in _KEYWORDS:
            raise ValueError(f"{path}:{number}: unknown line {raw!r}")
        if name in {"msgctxt", "msgid"} and started and (name == "msgctxt" or entry.msgstr):
            finish()  # a new entry without a blank line before it
        started = True
        entry.obsolete = entry.obsolete or obsolete
        target = (name, int(index.rstrip("]")) if index else 0)
        _extend(entry, target, _unquote(rest, path, number), start=True)
    finish()
    return entries


def _extend(entry: Entry, target: tuple[str, int], text: str, start: bool = False) -> None:
    name, index = target
    if name == "msgstr":
        while len(entry.msgstr) <= index:
            entry.msgstr.append("")
        entry.msgstr[index] += text
    elif name == "msgid":
        entry.msgid = text if start else entry.msgid + text
    elif name == "msgid_plural":
        entry.msgid_plural = text if start else (entry.msgid_plural or "") + text
    else:
        entry.msgctxt = text if start else (entry.msgctxt or "") + text
