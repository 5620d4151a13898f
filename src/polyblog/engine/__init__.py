"""The build engine: one incremental engine behind `blog build`, `blog serve` and `blog check`
(`session`), its render environment and pool (`state`, `pool`), the dependency diff (`diff`),
the input snapshot (`inputs`) and the persistent cache (`store`)."""

from polyblog.engine.session import Model, Report, Session

__all__ = ["Model", "Report", "Session"]
