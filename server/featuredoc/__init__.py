"""featuredoc: a language server and checker for feature documents."""

__version__ = "0.1.0"
