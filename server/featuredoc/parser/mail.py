"""Patch e-mails (``git format-patch`` files, mailboxes) read into patches.

A mailbox is split at its ``From `` lines (``From <commit> Mon Sep 17
00:00:00 2001`` as ``git format-patch`` writes, or any mbox separator line
with a time and a year); a file without one is one mail when it starts with
mail headers. Each mail gives its subject and author (RFC 2047 words
decoded), its commit message (the body up to the ``---`` line or the diff),
the trailers in it (``Acked-by: Name <address>``) and the diff as the bytes
it came as, for ``git apply``. A cover letter (``[PATCH 0/3]``) has no diff
and is skipped.

Everything keeps its place in the input: the line where each mail starts
and the line where its diff starts, so an error found later (``git apply:
corrupt patch at line 3``) can name the line in the file the user gave.
Bad input raises :class:`MailError` with that location.
"""

from __future__ import annotations

import email
import email.message
import email.parser
import email.policy
import re
from dataclasses import dataclass, field

_FROM_HEAD = re.compile(rb"From \S+ +")
_TIME = re.compile(rb"\d\d:\d\d")
_HEADER = re.compile(rb"^[!-9;-~]+:")  # a header name: printable, no colon, then ':'
_CONTINUATION = re.compile(rb"^[ \t]")
_DIFF_START = re.compile(rb"^(?:diff --git |Index: |--- (?!$))")
_TRAILER = re.compile(r"^([A-Za-z][A-Za-z0-9-]*-by)\s*:\s*(.*?)\s*$")
_COVER = re.compile(r"\[[^\]]*\b0+/\d+\]")
_SUBJECT_TAG = re.compile(r"^\s*(?:\[[^\]]*\]\s*)+")
_ADDRESS = re.compile(r"^(.*?)\s*<([^<>]*)>\s*$")
_ENCODED = ("quoted-printable", "base64")


class MailError(Exception):
    """A mail that cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Trailer:
    """A ``Key: Name <address>`` line of a commit message."""

    key: str  # as written: "Acked-by"
    name: str
    email: str | None
    line: int  # 1-based, in the source file

    @property
    def text(self) -> str:
        return (
            f"{self.key}: {self.name} <{self.email}>" if self.email else f"{self.key}: {self.name}"
        )


@dataclass(slots=True)
class PatchMail:
    """One patch as posted."""

    source: str  # the file it was read from (``-``: standard input)
    line: int  # 1-based line of the mail's first line in *source*
    subject: str  # as posted: "[PATCH v2 2/3] SUPPORT.md: ..."
    author: str
    message: str  # the commit message body (trailers included)
    diff: bytes  # from the first diff line to the end of the mail
    diff_line: int  # 1-based line of the diff's first line in *source* (0: not known)
    trailers: list[Trailer] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The subject without its ``[PATCH ...]`` tags."""
        return _SUBJECT_TAG.sub("", self.subject).strip() or self.subject

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


def split_address(text: str) -> tuple[str, str | None]:
    """``Jane Doe <jane@example.org>`` as ``("Jane Doe", "jane@example.org")``."""
    m = _ADDRESS.match(text.strip())
    if m is None:
        bare = text.strip()
        return (bare, bare) if "@" in bare and " " not in bare else (bare, None)
    return m.group(1).strip().strip('"'), m.group(2).strip()


def read_mails(data: bytes, source: str) -> list[PatchMail]:
    """The patches in *data* (a mailbox or one mail), cover letters left out."""
    lines = data.splitlines(keepends=True)
    starts = _mail_starts(lines, source)
    patches = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        _drop_carriage_returns(lines, start, end)
        patch = _read_mail(lines, start, end, source)
        if patch is not None:
            patches.append(patch)
    if not patches:
        raise MailError(f"{source}: no patch in it (only cover letters or mails without a diff)")
    return patches


def _is_from_line(line: bytes) -> bool:
    """``From <sender> ... HH:MM ... YYYY``: a time, then a year that ends the line.

    Read in time linear in the line's length (one pattern ``.*`` twice
    over took the square of it on a long line of times without a year).
    """
    head = _FROM_HEAD.match(line)
    if head is None:
        return False
    rest = line[head.end() :].rstrip()
    year = len(rest) - 4
    return year >= 0 and rest[year:].isdigit() and _TIME.search(rest, 0, year) is not None


def _drop_carriage_returns(lines: list[bytes], start: int, end: int) -> None:
    """A mail saved with CRLF line ends (its first line ends so) read as ``git am`` reads it.

    Its transport added them: each line's CR before the LF is dropped, in
    place, so that the diff matches the files it patches. A mail with LF
    line ends keeps the CRs its diff carries (a patch to a CRLF file).
    """
    if lines[start].endswith(b"\r\n"):
        lines[start:end] = [
            line[:-2] + b"\n" if line.endswith(b"\r\n") else line for line in lines[start:end]
        ]


def _mail_starts(lines: list[bytes], source: str) -> list[int]:
    """0-based line numbers where the mails start (their ``From `` line, or 0)."""
    if not lines or not any(line.strip() for line in lines):
        raise MailError(f"{source}: empty: no patch to review")
    starts = [
        number
        for number, line in enumerate(lines)
        if _is_from_line(line) and (number == 0 or not lines[number - 1].strip())
    ]
    if starts and starts[0] == 0:
        return starts
    if _HEADER.match(lines[0]):
        return [0, *starts]
    raise MailError(
        f"{source}:1: not a patch e-mail: expected a 'From ' line or mail headers "
        "(as `git format-patch` writes)"
    )


def _read_mail(lines: list[bytes], start: int, end: int, source: str) -> PatchMail | None:
    """The mail of lines ``start:end`` (0-based); ``None`` for a cover letter."""
    first = start + 1 if lines[start].startswith(b"From ") else start
    body = first
    while body < end and lines[body].strip():
        if not (_HEADER.match(lines[body]) or (body > first and _CONTINUATION.match(lines[body]))):
            raise MailError(
                f"{source}:{body + 1}: not a mail header line (expected 'Name: value' "
                "up to the blank line that starts the message)"
            )
        body += 1
    headers = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(
        b"".join(lines[first:body])
    )
    subject = " ".join(str(headers.get("Subject", "")).split())
    if headers.get_content_maintype() == "multipart":
        raise MailError(
            f"{source}:{start + 1}: '{subject}' is a multipart mail; save the patch attached "
            "to it as a file and review that"
        )
    text, raw, own = _body(lines, body + 1, end, headers)
    message, diff = _split_body(raw)
    if diff is None:
        if _COVER.search(subject):
            return None
        raise MailError(f"{source}:{start + 1}: '{subject or '(no subject)'}' holds no diff")
    offset = body + 2 if own else 0  # the 1-based line of the body's first line
    patch = PatchMail(
        source,
        start + 1,
        subject or "(no subject)",
        str(headers.get("From", "")).strip(),
        text(message),
        diff[1],
        offset + diff[0] if offset else 0,
    )
    patch.trailers = _trailers(patch.message, offset)
    return patch


def _body(
    lines: list[bytes], begin: int, end: int, headers: email.message.Message
) -> tuple[_TextOf, list[bytes], bool]:
    """How to read the body as text, its lines as bytes, whether they are the file's own.

    A body sent quoted-printable or base64 is decoded first: its lines are
    then not the file's, and a line number within it cannot be given.
    """
    charset = headers.get_content_charset() or "utf-8"
    encoding = str(headers.get("Content-Transfer-Encoding", "")).strip().lower()
    raw = lines[begin:end]
    own = True
    if encoding in _ENCODED:
        message = email.message_from_bytes(
            b"Content-Transfer-Encoding: " + encoding.encode() + b"\n\n" + b"".join(raw)
        )
        payload = message.get_payload(decode=True)
        raw = payload.splitlines(keepends=True) if isinstance(payload, bytes) else []
        own = False
    return _TextOf(charset), raw, own


class _TextOf:
    """Bytes of a mail body as text in its charset (bytes it cannot read replaced)."""

    def __init__(self, charset: str) -> None:
        try:
            b"".decode(charset)
        except LookupError:
            charset = "utf-8"
        self.charset = charset

    def __call__(self, lines: list[bytes]) -> str:
        return b"".join(lines).decode(self.charset, "replace")


def _split_body(raw: list[bytes]) -> tuple[list[bytes], tuple[int, bytes] | None]:
    """The commit message's lines, and the diff (its 0-based line in *raw*, its bytes)."""
    for number, line in enumerate(raw):
        if not _DIFF_START.match(line):
            continue
        if line.startswith(b"--- ") and not (
            number + 1 < len(raw) and raw[number + 1].startswith(b"+++ ")
        ):
            continue
        message = raw[:number]
        for cut, text in enumerate(message):
            if text.rstrip(b"\r\n") == b"---":
                message = message[:cut]
                break
        return message, (number, b"".join(raw[number:]))
    return raw, None


def _trailers(message: str, offset: int) -> list[Trailer]:
    """The ``Something-by:`` lines of *message* (*offset*: its first line's 1-based number)."""
    found = []
    for number, line in enumerate(message.splitlines()):
        m = _TRAILER.match(line)
        if m is None:
            continue
        name, address = split_address(m.group(2))
        found.append(Trailer(m.group(1), name, address, offset + number if offset else 0))
    return found


# ---- diffs ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Hunk:
    header: str  # "@@ -956,6 +956,15 @@ ..."
    new_start: int  # 1-based
    lines: list[str] = field(default_factory=list)  # with their " ", "+" or "-"


@dataclass(slots=True)
class FileDiff:
    header: str  # "diff --git a/x b/x"
    old: str | None  # None: a new file
    new: str | None  # None: a deleted file
    hunks: list[Hunk] = field(default_factory=list)


_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def read_diff(diff: bytes) -> list[FileDiff]:
    """The files and hunks of a ``git diff`` (text after the last hunk is left out)."""
    files: list[FileDiff] = []
    old_left = new_left = 0
    for line in diff.decode("utf-8", "replace").splitlines():
        if old_left > 0 or new_left > 0:
            hunk = files[-1].hunks[-1]
            hunk.lines.append(line)
            old_left -= line[:1] in (" ", "-", "")
            new_left -= line[:1] in (" ", "+", "")
            continue
        if line.startswith("diff --git "):
            files.append(FileDiff(line, None, None))
        elif not files:
            continue
        elif line.startswith(("--- ", "rename from ", "copy from ")):
            files[-1].old = _diff_path(line.split(" ", 2)[-1] if line[0] != "-" else line[4:])
        elif line.startswith(("+++ ", "rename to ", "copy to ")):
            files[-1].new = _diff_path(line.split(" ", 2)[-1] if line[0] != "+" else line[4:])
        elif (m := _HUNK.match(line)) is not None:
            files[-1].hunks.append(Hunk(line, int(m.group(2))))
            old_left = int(m.group(1)) if m.group(1) is not None else 1
            new_left = int(m.group(3)) if m.group(3) is not None else 1
    return files


def _diff_path(text: str) -> str | None:
    """A path of a ``---``/``+++``/``rename`` line without its ``a/``/``b/``; None: /dev/null."""
    path = unquote(text)
    if path == "/dev/null":
        return None
    return path[2:] if path[:2] in ("a/", "b/") else path


_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def unquote(path: str) -> str:
    """A path as git writes it in a diff (C-quoted when it has unusual bytes), as text."""
    path = path.rstrip("\t")
    if not (len(path) >= 2 and path.startswith('"') and path.endswith('"')):
        return path
    out = bytearray()
    body = path[1:-1]
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            following = body[i + 1]
            if following in "01234567":
                out.append(int(body[i + 1 : i + 4], 8) & 0xFF)
                i += 4
                continue
            out.append(_ESCAPES.get(following, ord(following)))
            i += 2
            continue
        out.extend(char.encode("utf-8", "surrogateescape"))
        i += 1
    return out.decode("utf-8", "replace")
