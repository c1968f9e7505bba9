"""The project on disk: which files to check, reading them safely, the configuration file, the workspace index and git base revisions."""
