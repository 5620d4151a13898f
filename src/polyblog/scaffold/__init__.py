"""`blog init`: a new multilingual blog, ready to build, preview and publish.

`init` writes the files, `hosts` pins polyblog and writes the host's workflow, `art` draws."""

from polyblog.scaffold.hosts import DEFAULT_HOST, HOSTS, Install, installed
from polyblog.scaffold.init import (
    DEFAULT_BASE_URL,
    DEFAULT_TITLE,
    InitOptions,
    InitResult,
    check_base_url,
    check_folder,
    init_site,
    make_options,
    parse_languages,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_HOST",
    "DEFAULT_TITLE",
    "HOSTS",
    "InitOptions",
    "InitResult",
    "Install",
    "check_base_url",
    "check_folder",
    "init_site",
    "installed",
    "make_options",
    "parse_languages",
]
