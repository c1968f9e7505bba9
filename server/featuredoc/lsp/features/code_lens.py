"""Code lenses: SUPPORT.md's word beside a feature document's Status rows, and the feature
documents beside each SUPPORT.md entry.

The text is :mod:`featuredoc.editing.lens`'s (the comparison FD602 makes);
the lenses carry no command to run, they are read. The texts given are
kept (:class:`featuredoc.lsp.lenses.LensRefresh`) so that a change on the
other side asks the client to refresh them only when one changed.
"""

from __future__ import annotations

from lsprotocol import types

from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services


async def code_lens(s: Services, params: types.CodeLensParams) -> list[types.CodeLens] | None:
    from featuredoc.lsp.nav_view import document_lenses

    uri = params.text_document.uri
    found = await document_lenses(s, uri)
    if found is None:
        return None
    model, lenses = found
    s.lenses.given(uri, tuple(lens.text for lens in lenses))
    convert = s.converter(model.lines)
    return [
        types.CodeLens(
            range=convert.range(lens.span), command=types.Command(title=lens.text, command="")
        )
        for lens in lenses
    ]


FEATURE = Feature(
    "code lenses",
    (
        Method(
            types.TEXT_DOCUMENT_CODE_LENS,
            code_lens,
            types.CodeLensOptions(resolve_provider=False),
        ),
    ),
)
