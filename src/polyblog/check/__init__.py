"""`blog check`: a built site's links, anchors, images, hreflang and switcher, titles and
summaries, reported at the source line that caused them."""

from polyblog.check.external import CACHE_FILE, LinkCache, LinkStatus, check_external
from polyblog.check.findings import CheckReport, Finding, Severity
from polyblog.check.run import CheckRequest, run_check

__all__ = [
    "CACHE_FILE",
    "CheckReport",
    "CheckRequest",
    "Finding",
    "LinkCache",
    "LinkStatus",
    "Severity",
    "check_external",
    "run_check",
]
