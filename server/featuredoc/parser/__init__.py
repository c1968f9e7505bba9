"""Parsing: text to :class:`featuredoc.model.document.Document`."""

from featuredoc.parser.document import parse_document

__all__ = ["parse_document"]
