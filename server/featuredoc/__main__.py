"""``python -m featuredoc`` starts the language server over stdio."""

from featuredoc.lsp.server import main

if __name__ == "__main__":
    main()
