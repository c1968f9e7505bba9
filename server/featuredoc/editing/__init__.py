"""Editor help computed from a document: completion, hover, symbols, links, formatting. Pure: no LSP types."""
