"""The base of every command whose interface is a contract that scripts rely on.

A bad argument or bad input exits with status 2 and one clear line on standard error that names
the problem, never a traceback and never argparse's usage block; success exits 0.
"""

from __future__ import annotations

import contextlib
import sys
from argparse import ArgumentParser
from typing import Any, NoReturn

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, handle_default_options
from django.db import connections

BAD_INPUT = 2


def one_line(message: object) -> str:
    """Collapse a message onto one line, whatever the exception put in it."""
    return " ".join(str(message).split())


class ContractCommand(BaseCommand):
    """A management command that reports bad input as one line on stderr with exit status 2."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> ArgumentParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        prog = f"{prog_name.rsplit('/', 1)[-1]} {subcommand}"

        def error(message: str) -> NoReturn:
            if self._called_from_command_line:
                parser.exit(BAD_INPUT, f"{prog}: {one_line(message)}\n")
            raise CommandError(one_line(message), returncode=BAD_INPUT)

        parser.error = error  # type: ignore[method-assign]
        self._prog = prog
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        """As Django's, but a ``CommandError`` prints as ``putright <command>: <one line>``."""
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        handle_default_options(options)
        try:
            self.execute(*args, **cmd_options)
        except CommandError as error:
            if options.traceback:
                raise
            sys.stderr.write(f"{self._prog}: {one_line(error)}\n")
            sys.exit(error.returncode)
        finally:
            with contextlib.suppress(ImproperlyConfigured):
                connections.close_all()
