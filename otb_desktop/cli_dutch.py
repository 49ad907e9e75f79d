"""argparse in Dutch: usage errors as one Dutch line with exit code 1, help with Dutch headings.

argparse writes its own texts in English and exits with 2 on a usage error; every other error
of the command line is one Dutch line with exit code 1, so scripts and people see one pattern.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

# argparse's messages (Python 3.11–3.13), most specific first.
_ERRORS = (
    (re.compile(r"^argument (?P<arg>\S+): invalid choice: (?P<value>.+?) "
                r"\(choose from (?P<choices>.+)\)$"),
     "{arg}: ongeldige keuze {value}; kies uit {choices}"),
    (re.compile(r"^argument (?P<arg>\S+): invalid (?P<type>\w+) value: (?P<value>.+)$"),
     "{arg}: {value} is geen geldige waarde ({type_nl})"),
    (re.compile(r"^argument (?P<arg>\S+): expected one argument$"),
     "{arg}: hier hoort een waarde achter"),
    (re.compile(r"^argument (?P<arg>\S+): (?P<rest>.+)$"), "{arg}: {rest}"),
    (re.compile(r"^the following arguments are required: (?P<args>.+)$"),
     "verplicht maar niet opgegeven: {args}"),
    (re.compile(r"^unrecognized arguments: (?P<args>.+)$"), "niet herkend: {args}"),
    (re.compile(r"^ambiguous option: (?P<opt>\S+) could match (?P<options>.+)$"),
     "{opt} is dubbelzinnig; bedoelt u {options}?"),
)
_TYPES = {"int": "een geheel getal", "float": "een getal", "Path": "een bestandsnaam"}
_HEADINGS = (("usage:", "gebruik:"), ("positional arguments:", "argumenten:"),
             ("options:", "opties:"), ("optional arguments:", "opties:"),
             ("show this help message and exit", "toon deze hulp en stop"))


def dutch_error(message: str) -> str:
    """argparse's English error message in Dutch (unknown ones pass through unchanged)."""
    for pattern, template in _ERRORS:
        if match := pattern.match(message):
            groups = match.groupdict()
            groups["type_nl"] = _TYPES.get(groups.get("type", ""), groups.get("type", ""))
            return template.format(**groups)
    return message


class DutchArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(1, f"{self.prog}: {dutch_error(message)}. Zie '{self.prog} --help'.\n")

    def format_usage(self) -> str:
        return _dutch_headings(super().format_usage())

    def format_help(self) -> str:
        return _dutch_headings(super().format_help())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        sys.exit(status)


def _dutch_headings(text: str) -> str:
    for english, dutch in _HEADINGS:
        text = text.replace(english, dutch)
    return text
