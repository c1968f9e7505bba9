"""The ``featuredoc`` command: argument parsing, the file runner, output formats and the support matrix."""
