"""Developer sessions. uv owns the environment (and the lock file); nox only names the jobs."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "none"
nox.options.sessions = ["lint", "typecheck", "imports", "tests"]

UV_RUN = ("uv", "run", "--frozen")


@nox.session
def lint(session: nox.Session) -> None:
    session.run(*UV_RUN, "ruff", "check", "src", "tests", "benchmarks", "noxfile.py")
    session.run(*UV_RUN, "ruff", "format", "--check", "src", "tests", "benchmarks", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.run(*UV_RUN, "mypy")


@nox.session
def imports(session: nox.Session) -> None:
    session.run(*UV_RUN, "lint-imports")


@nox.session
def tests(session: nox.Session) -> None:
    session.run(*UV_RUN, "pytest", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Souk against its peers in the same run; prints a markdown table of figures and ratios."""
    session.run(*UV_RUN, "--group", "bench", "python", "benchmarks/run.py", *session.posargs)
