"""The language server: thin LSP adapters around the engine."""
