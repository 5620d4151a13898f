"""polyblog: a static-site generator for multilingual tech blogs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("polyblog")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"  # as `fallback_version` in pyproject.toml
