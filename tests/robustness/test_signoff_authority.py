"""Sign-off authority (FD302): only the configured security team may sign off.

A sign-off must carry one of the team's own addresses. The right name with
another address, or an address made to look like a team member's (Unicode
confusables, fullwidth forms, a trailing dot, another case in the local
part), is reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from featuredoc.engine import check
from featuredoc.model.inputs import Inputs
from featuredoc.workspace.config_file import config_from_data
from robustness.invariants import TODAY

FIXTURE = Path(__file__).parent.parent / "fixtures" / "rules" / "FD201" / "misspelled.pandoc"
TEAM = ["Jane Doe <jane.doe@example.org>", "sec-team@xen.example"]


def _findings(signoff: str, *, metadata: bool = False) -> list[str]:
    text = FIXTURE.read_text(encoding="utf-8").replace("Supperted", "Supported")
    if metadata:
        name_email, _, date = signoff.rpartition(", ")
        text = text.replace(
            "Security sign-off: Jane Doe <jane.doe@example.org>, 2025-03-04\n", ""
        ).replace(
            "% Revision 2\n",
            f'% Revision 2\n\n---\nsecurity-signoff:\n  by: "{name_email}"\n  date: {date}\n---\n',
        )
    else:
        text = text.replace("Jane Doe <jane.doe@example.org>, 2025-03-04", signoff)
    config, errors = config_from_data({"signoff": {"team": TEAM}})
    assert not errors
    return [
        f.code for f in check(text, "docs/features/x.pandoc", config, inputs=Inputs(today=TODAY))
    ]


@pytest.mark.parametrize("metadata", [False, True], ids=["basics", "metadata"])
@pytest.mark.parametrize(
    "signoff",
    [
        "Jane Doe <jane.doe@example.org>, 2025-03-04",
        "Jane Doe <jane.doe@EXAMPLE.ORG>, 2025-03-04",  # domains are case-insensitive
        "Security Team <sec-team@xen.example>, 2025-03-04",
        "J. Doe <jane.doe@example.org>, 2025-03-04",  # the address is what counts
    ],
)
def test_team_addresses_are_accepted(signoff: str, metadata: bool) -> None:
    assert "FD302" not in _findings(signoff, metadata=metadata)


@pytest.mark.parametrize("metadata", [False, True], ids=["basics", "metadata"])
@pytest.mark.parametrize(
    "signoff",
    [
        pytest.param("Mallory <mallory@example.org>, 2025-03-04", id="outsider"),
        pytest.param("Jane Doe <jane.doe@example.net>, 2025-03-04", id="right-name-other-email"),
        pytest.param("Jane Doe <jane.doe@gmail.example>, 2025-03-04", id="right-name-free-mail"),
        pytest.param("Jane Doe <j\u0430ne.doe@example.org>, 2025-03-04", id="cyrillic-a-local"),
        pytest.param("Jane Doe <jane.doe@ex\u0430mple.org>, 2025-03-04", id="cyrillic-a-domain"),
        pytest.param("Jane Doe <jane.doe@examp\u04cfe.org>, 2025-03-04", id="cyrillic-palochka"),
        pytest.param(
            "Jane Doe <\uff4a\uff41\uff4e\uff45.doe@example.org>, 2025-03-04", id="fullwidth-local"
        ),
        pytest.param("Jane Doe <jane.doe\uff20example.org>, 2025-03-04", id="fullwidth-at-sign"),
        pytest.param(
            "Jane Doe <jane.doe@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.org>, 2025-03-04",
            id="fullwidth-domain",
        ),
        pytest.param("Jane Doe <jane.doe@example.org.>, 2025-03-04", id="trailing-dot-domain"),
        pytest.param("Jane Doe <jane.doe.@example.org>, 2025-03-04", id="trailing-dot-local"),
        pytest.param("Jane Doe <Jane.Doe@example.org>, 2025-03-04", id="local-part-case"),
        pytest.param("Jane Doe <jane.doe\u200b@example.org>, 2025-03-04", id="zero-width-space"),
        pytest.param("Jane Doe <jane.doe@example.org\u00ad>, 2025-03-04", id="soft-hyphen"),
        pytest.param("Jane Doe <jane.doe@exa\u0301mple.org>, 2025-03-04", id="combining-mark"),
        pytest.param(
            "Jane Doe <jane.doe@example.org@evil.example>, 2025-03-04", id="second-at-sign"
        ),
        pytest.param("Jane Doe <jane.doe@example.org.evil.example>, 2025-03-04", id="suffix"),
        pytest.param("Jane Doe <sec-team@xen.example.>, 2025-03-04", id="bare-team-trailing-dot"),
        pytest.param("Jane Doe <\u0455ec-team@xen.example>, 2025-03-04", id="cyrillic-dze"),
    ],
)
def test_look_alikes_and_outsiders_are_reported(signoff: str, metadata: bool) -> None:
    assert "FD302" in _findings(signoff, metadata=metadata)


def test_no_team_means_no_fd302() -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("jane.doe@example.org", "x@y.example")
    assert "FD302" not in [
        f.code for f in check(text, "docs/features/x.pandoc", inputs=Inputs(today=TODAY))
    ]
