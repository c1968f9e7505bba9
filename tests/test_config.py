"""The configuration loader, and the command line's use of it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from featuredoc.analysis.signoff import normalise_address, team_address
from featuredoc.cli import command as cli
from featuredoc.engine import check
from featuredoc.model.config import Config
from featuredoc.model.findings import Severity
from featuredoc.workspace.config_file import (
    ConfigError,
    config_from_data,
    error_findings,
    find_config_file,
    load_config_file,
    load_config_text,
)

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
PLAIN_STATUS = (FIXTURES / "FD203" / "plain.pandoc").read_text(encoding="utf-8")


def codes(text: str, config: Config) -> set[str]:
    return {f.code for f in check(text, "docs/features/x.pandoc", config)}


# ---- validation -----------------------------------------------------------


def test_empty_data_is_the_defaults() -> None:
    config, errors = config_from_data({})
    assert errors == []
    assert config == Config()


def test_every_key_is_read() -> None:
    config, errors = config_from_data(
        {
            "include": ["features/*.md"],
            "exclude": [],
            "support_file": "docs/SUPPORT.md",
            "template": "features/template.md",
            "tiers": [
                "Supported",
                {"name": "Beta", "security_supported": False},
                {"name": "Long term", "security_supported": True, "signoff": True},
            ],
            "support_labels": ["Not supported"],
            "sections": ["Basics", {"name": "Overview", "guidance": "What it is."}],
            "required_keys": ["Status"],
            "known_keys": {"Status": None, "Owner": ["Maintainer"]},
            "signoff": {
                "field": "Security ack",
                "metadata_key": "security-ack",
                "team": ["Jane <jane@example.org>", "sec@example.org"],
            },
            "rules": {"FD203": "off", "fd201": "warning"},
        },
        source="settings",
    )
    assert errors == []
    assert config.include == ["features/*.md"]
    assert config.exclude == []
    assert config.support_file == "docs/SUPPORT.md"
    assert [t.name for t in config.tiers] == ["Supported", "Beta", "Long term"]
    assert config.signoff_tiers == ["Supported", "Long term"]
    assert config.tier_set().lookup("Beta") is not None
    assert config.sections == ["Basics", "Overview"]
    assert config.section_guidance["Overview"] == "What it is."
    assert config.canonical_key("maintainer") == "Owner"
    assert config.canonical_key("Architectures") == "Architecture"  # defaults kept
    assert config.signoff.field == "Security ack"
    assert config.signoff.team == ["Jane <jane@example.org>", "sec@example.org"]
    assert config.rules == {"FD203": "off", "FD201": "warning"}
    assert config.severity_for("FD203", Severity.HINT) is None
    assert config.severity_for("FD201", Severity.ERROR) is Severity.WARNING
    assert config.source == "settings"


def test_yaml_off_is_read_as_off() -> None:
    config, errors = load_config_text("rules:\n  FD203: off\n  FD201: hint\n", "c.yaml")
    assert errors == []
    assert config.rules == {"FD203": "off", "FD201": "hint"}


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("includ: [a]\n", 0, 0, "did you mean 'include'"),
        ("include: a\n", 0, 9, "must be a list of strings"),
        ("include:\n  - a\n  - 3\n", 2, 4, "must be a string"),
        ("rules:\n  FD999: off\n", 1, 2, "unknown rule code 'FD999'"),
        # as --select says it: the codes most likely meant
        ("rules:\n  FD210: off\n", 1, 2, "'FD210' in 'rules'; did you mean 'FD201'?"),
        ("rules:\n  FD999: off\n", 1, 2, "did you mean one of FD901, FD902, FD903, FD904, FD905?"),
        ("rules:\n  FD201: loud\n", 1, 9, "must be one of off, error"),
        ("signoff:\n  team:\n    - Jane Doe\n", 2, 6, "not 'Name <email>'"),
        ("signoff:\n  fild: x\n", 1, 2, "did you mean 'field'"),
        ("signoff_tiers: [Supported, Gold]\n", 0, 27, "'Gold' in 'signoff_tiers'"),
        ("tiers:\n  - {security_supported: true}\n", 1, 4, "needs a 'name'"),
        ("tiers:\n  - name: Beta\n    secure: yes\n", 2, 4, "unknown key 'tiers[0].secure'"),
        ("- a\n- b\n", 0, 0, "must be a mapping"),
        ("include: [a\n", 1, 0, "invalid YAML"),
        ("a: &x 1\nb: *x\n", 1, 3, "aliases"),
    ],
)
def test_errors_are_located(text: str, line: int, column: int, words: str) -> None:
    config, errors = load_config_text(text, "project/.featuredoc.yaml")
    assert errors, text
    first = errors[0]
    assert (first.line, first.column) == (line, column), str(first)
    assert words in first.message
    assert config == Config()  # an invalid file is not applied at all


def test_error_text_is_one_based() -> None:
    error = ConfigError("p/.featuredoc.yaml", 2, 4, "bad")
    assert str(error) == "p/.featuredoc.yaml:3:5: bad"


def test_plain_dict_errors_have_a_source() -> None:
    _, errors = config_from_data({"rulez": {}}, source="editor settings")
    assert [str(e) for e in errors] == [
        "editor settings:1:1: unknown key 'rulez'; did you mean 'rules'?"
    ]


def test_base_is_layered_under_the_data() -> None:
    editor, _ = config_from_data({"rules": {"FD203": "error", "FD201": "warning"}})
    config, errors = config_from_data({"rules": {"FD203": "off"}}, base=editor)
    assert errors == []
    assert config.rules == {"FD203": "off", "FD201": "warning"}
    assert editor.rules == {"FD203": "error", "FD201": "warning"}  # base untouched


def test_error_findings_point_at_the_entry() -> None:
    text = "rules:\n  FD201: loud\n"
    _, errors = load_config_text(text, "c.yaml")
    [finding] = error_findings(errors, text.split("\n"))
    assert finding.code == "FD901"
    assert (finding.span.start.line, finding.span.start.column) == (1, 9)
    assert finding.span.end.column == len("  FD201: loud")


# ---- files ----------------------------------------------------------------


def test_find_config_file_looks_only_at_the_root(tmp_path: Path) -> None:
    (tmp_path / ".featuredoc.yaml").write_text("{}\n")
    repo = tmp_path / "repo"
    deep = repo / "docs" / "features"
    deep.mkdir(parents=True)
    assert find_config_file(deep) is None  # repo (docs/features) is the root: nothing above it
    (repo / ".git").mkdir()
    assert find_config_file(deep) is None
    (repo / ".featuredoc.yaml").write_text("{}\n")
    assert find_config_file(deep) == (repo / ".featuredoc.yaml").resolve()


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    _, errors = load_config_file(tmp_path / "missing.yaml")
    assert "cannot read" in errors[0].message
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"include: ['\xe9']\n")
    _, errors = load_config_file(bad)
    assert "not UTF-8" in errors[0].message


# ---- team addresses ---------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("jane@Example.ORG", "jane@example.org"),
        ("Jane@example.org", "Jane@example.org"),  # the local part keeps its case
        ("jane@example.org.", None),  # trailing dot
        ("j\u0430ne@example.org", None),  # Cyrillic a
        ("jane\uff20example.org", None),  # a full-width @ is a look-alike, never an address
        ("jane@@example.org", None),
        ("jane@localhost", None),
        ("", None),
    ],
)
def test_normalise_address(address: str, expected: str | None) -> None:
    assert normalise_address(address) == expected


def test_team_entries() -> None:
    assert team_address("Jane Doe <jane@Example.org>") == "jane@example.org"
    assert team_address("sec@example.org") == "sec@example.org"
    assert team_address("Jane Doe") is None
    assert team_address("Jane <jane@example.org") is None


# ---- the command line ---------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    features = tmp_path / "docs" / "features"
    features.mkdir(parents=True)
    (features / "plain.pandoc").write_text(PLAIN_STATUS, encoding="utf-8")
    return tmp_path


def run_cli(
    args: list[str], cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    status = cli.main(["check", "--format", "json", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_rule_switched_off_by_the_file(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out, _ = run_cli([], project, capsys, monkeypatch)
    assert '"FD203"' in out
    (project / ".featuredoc.yaml").write_text("rules:\n  FD203: off\n")
    status, out, err = run_cli([], project, capsys, monkeypatch)
    assert status == 0, err
    assert '"FD203"' not in out
    # --no-config ignores the file
    _, out, _ = run_cli(["--no-config"], project, capsys, monkeypatch)
    assert '"FD203"' in out


def test_cli_severity_changed_by_the_file(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, _, _ = run_cli([], project, capsys, monkeypatch)
    assert status == 0  # FD203 is a hint
    (project / ".featuredoc.yaml").write_text("rules:\n  FD203: error\n")
    status, out, _ = run_cli([], project, capsys, monkeypatch)
    assert status == 1
    assert '"severity": "error"' in out


def test_cli_team_setting(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out, _ = run_cli([], project, capsys, monkeypatch)
    assert '"FD302"' not in out
    settings = project / "elsewhere.yaml"
    settings.write_text("signoff:\n  team: [security@xen.example]\n")
    status, out, _ = run_cli(["--config", str(settings)], project, capsys, monkeypatch)
    assert '"FD302"' in out
    assert status == 1


def test_cli_broken_config_is_one_located_line(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / ".featuredoc.yaml").write_text("rules:\n  FD203: off\nsignof:\n  team: []\n")
    status, out, err = run_cli([], project, capsys, monkeypatch)
    assert status == 2
    assert out == ""
    path = (project / ".featuredoc.yaml").resolve()
    assert err == f"{path}:3:1: unknown key 'signof'; did you mean 'signoff'?\n"


def test_cli_broken_yaml_has_no_traceback(project: Path) -> None:
    (project / ".featuredoc.yaml").write_text("rules: {FD203: off\n")
    result = subprocess.run(
        [sys.executable, "-m", "featuredoc.cli.command", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{(project / '.featuredoc.yaml').resolve()}:2:1: invalid YAML")
