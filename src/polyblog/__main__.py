"""`python -m polyblog` runs the `blog` command."""

from polyblog.cli import entry

entry()
