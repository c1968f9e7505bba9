"""The size cap of a document, a plain constant.

:class:`featuredoc.model.config.Config` takes it as its default
``max_document_size``; the language server sizes the largest message it
reads from it (:mod:`featuredoc.lsp.message_limits`) before any
configuration is loaded.
"""

from __future__ import annotations

#: Bytes (UTF-8) above which a document is not analysed; real feature
#: documents and SUPPORT.md are tens of kilobytes.
DEFAULT_MAX_DOCUMENT_SIZE = 2 * 1024 * 1024
