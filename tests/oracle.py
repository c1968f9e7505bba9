"""Xen's own support-matrix generator, run as the reference for reading SUPPORT.md.

The generator is ``docs/parse-support-md`` from the newest commit of
``../shared/corpus/xen-releases.bundle`` (Perl, over ``pandoc -t json``).
Tests that use it skip when the bundle, pandoc, perl or the Perl modules it
needs are missing, except where ``CI`` is ``true`` or
``FEATUREDOC_REQUIRE_ORACLE=1``: there a missing tool fails the test.

The pandoc that CI installs from Debian is 2.17; :data:`PANDOC_VERSION` is
the one the tests were written against (another version is reported, not
refused: pandoc's Markdown reader has been stable for what SUPPORT.md uses).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

PANDOC_VERSION = "2.17.1.1"
BUNDLE = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "xen-releases.bundle"
PERL_MODULES = ("JSON", "Tie::IxHash", "CGI", "Data::Dumper", "POSIX")

# Counts the top-level blocks the generator has read, and names the one it dies
# on: wraps the generator's block readers before it runs (the generator itself
# is unchanged). It also renders inline text made only of words and blanks
# itself instead of running pandoc once per heading (pandoc makes the same
# HTML of them, and such a run took up to a minute a release): the headings'
# HTML is not compared, and a status cell from a definition list that has
# any markup still goes through pandoc.
_HOOK = r"""
package OracleHook;
our $n = 0;
INIT {
    no strict 'refs';
    no warnings 'redefine';
    my $inline = \&main::pandoc2html_inline;
    *main::pandoc2html_inline = sub {
        my ($content) = @_;
        if (!grep { $_->{t} ne 'Str' && $_->{t} ne 'Space' } @$content) {
            my $text = join '', map { $_->{t} eq 'Space' ? ' ' : $_->{c} } @$content;
            $text =~ s/&/&amp;/g; $text =~ s/</&lt;/g; $text =~ s/>/&gt;/g;
            return $text;
        }
        return $inline->($content);
    };
    for my $name (qw(ri_Header ri_Para ri_CodeBlock ri_DefinitionList ri_BulletList
                     process_unknown)) {
        my $orig = \&{"main::$name"};
        *{"main::$name"} = sub { $n++; $orig->(@_) };
    }
    $SIG{__DIE__} = sub { print STDERR "ORACLE-BLOCK: $n\n"; };
}
1;
"""


def required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("FEATUREDOC_REQUIRE_ORACLE") == "1"


def _missing(reason: str) -> None:
    if required():
        pytest.fail(f"the support-matrix oracle is required here: {reason}")
    pytest.skip(reason)


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


@cache
def _clone(base: str) -> Path:
    target = Path(base) / "xen-releases"
    if not target.exists():
        subprocess.run(
            ["git", "clone", "-q", "--bare", str(BUNDLE), str(target)],
            check=True,
            capture_output=True,
        )
    return target


@dataclass(frozen=True)
class Result:
    """What the generator made of one SUPPORT.md."""

    died: bool
    message: str  # its error output when it died
    block: int | None  # the 0-based index of pandoc's top-level block it died on
    rows: list[tuple[str, str]]  # (row id, status text), in order
    blocks: list[dict[str, object]]  # pandoc's top-level blocks


class Oracle:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.repo = _clone(str(work))
        self.script = work / "parse-support-md"
        self.script.write_text(git("show", "main:docs/parse-support-md", cwd=self.repo))
        (work / "OracleHook.pm").write_text(_HOOK)

    def support_md(self, ref: str) -> str:
        return git("show", f"{ref}:SUPPORT.md", cwd=self.repo)

    def tags(self) -> list[str]:
        return git("tag", "--list", "RELEASE-*", cwd=self.repo).split()

    def run(self, text: str, name: str = "variant") -> Result:
        source = self.work / f"{name}.md"
        source.write_text(text, encoding="utf-8")
        parsed = subprocess.run(
            ["pandoc", "-t", "json", str(source)], capture_output=True, text=True, check=True
        )
        data = json.loads(parsed.stdout)
        tree = self.work / f"{name}.json"
        tree.write_text(parsed.stdout, encoding="utf-8")
        done = subprocess.run(
            ["perl", "-COE", f"-I{self.work}", "-MOracleHook", str(self.script), str(tree), "URL"],
            capture_output=True,
            text=True,
            errors="replace",
        )
        if done.returncode != 0:
            m = re.search(r"ORACLE-BLOCK: (\d+)", done.stderr)
            block = int(m.group(1)) - 1 if m else None
            return Result(True, done.stderr, block, [], data["blocks"])
        return Result(False, "", None, table_rows(done.stdout), data["blocks"])

    def run_columns(self, texts: list[str], name: str = "column") -> list[tuple[str, list[str]]]:
        """The generator given several SUPPORT.md at once, one column each, as Xen runs it.

        (row id, the text of each column's cell) of each row; ``-`` where a
        column has no such row. Fails the test when the generator dies.
        """
        args: list[str] = []
        for number, text in enumerate(texts):
            source = self.work / f"{name}{number}.md"
            source.write_text(text, encoding="utf-8")
            tree = self.work / f"{name}{number}.json"
            with tree.open("w", encoding="utf-8") as out:
                subprocess.run(["pandoc", "-t", "json", str(source)], stdout=out, check=True)
            args += [str(tree), f"URL{number}"]
        done = subprocess.run(
            ["perl", "-COE", f"-I{self.work}", "-MOracleHook", str(self.script), *args],
            capture_output=True,
            text=True,
            errors="replace",
        )
        assert done.returncode == 0, done.stderr
        return column_rows(done.stdout, len(texts))


def text_of(cell: str) -> str:
    """A cell's text: tags dropped, entities decoded, blanks squashed."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", cell)).split())


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.rows: list[tuple[str, str]] = []
        self._th: str = ""
        self._cells: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._th, self._cells = "", []
        elif tag == "th":
            self._th = dict(attrs).get("id") or ""
        elif tag == "td":
            self._cell = []
        elif self._cell is not None:
            self._cell.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self._cells.append("".join(self._cell))
            self._cell = None
        elif tag == "tr":
            values = [text_of(c) for c in self._cells if text_of(c) and text_of(c) != "[*]"]
            self.rows.append((self._th, values[0] if values else ""))
        elif self._cell is not None:
            self._cell.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_entityref(self, name: str) -> None:
        if self._cell is not None:
            self._cell.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if self._cell is not None:
            self._cell.append(f"&#{name};")


def table_rows(page: str) -> list[tuple[str, str]]:
    """(id of the row's own heading, status text) of each row of the generator's table."""
    parser = _Rows()
    parser.feed(page)
    return parser.rows


class _Cells(_Rows):
    """Every cell of each row: (row id, [cell HTML, ...])."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, list[str]]] = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self.cells.append((self._th, list(self._cells)))
        super().handle_endtag(tag)


def column_rows(page: str, columns: int) -> list[tuple[str, list[str]]]:
    """(row id, text of each column's cell) of each row of the generator's multi-column table.

    A row holds, after its headings, an empty cell filling the heading
    columns when the row has sub-rows, then per column its status cell, and
    after the first status of a section with a caveat a ``[*]`` cell: both
    are left out.
    """
    parser = _Cells()
    parser.feed(page)
    out = []
    for key, cells in parser.cells:
        values = [text_of(c) for c in cells]
        values = [v for v in values if v and v != "[*]"]
        assert len(values) == columns, (key, values)
        out.append((key, values))
    return out


@cache
def _tools() -> str | None:
    for tool in ("pandoc", "perl", "git"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    for module in PERL_MODULES:
        done = subprocess.run(["perl", f"-M{module}", "-e", "1"], capture_output=True)
        if done.returncode != 0:
            return f"the Perl module {module} is not installed"
    return None


def pandoc_version() -> str:
    out = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout
    return out.split()[1] if out else ""


def oracle(tmp: Path) -> Oracle:
    """The generator, ready to run in *tmp*; skips (or fails, in CI) without its tools."""
    if not BUNDLE.is_file():
        pytest.skip(f"no {BUNDLE}")
    reason = _tools()
    if reason is not None:
        _missing(reason)
    return Oracle(tmp)
