"""Control characters in typed or pasted text: cleaned where meant, refused where not.

Word puts a vertical tab (U+000B) in text for a manual line break; copied into Excel and from
there into a CSV it reaches the app. XML (XLSX, GML) cannot hold it or any other C0 control
character except tab and newline, so a stored value holding one would break every later
XLSX export. The line-break characters become a newline; any other control character is an
error the user must see, never silently dropped.
"""

from __future__ import annotations

import re

# Line and page breaks from word processors: the user meant a new line.
_LINE_BREAKS = re.compile("[\x0b\x0c\u2028\u2029]|\r\n?")
# C0 controls other than tab and newline, DEL, and the C1 range.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Word's line breaks as newlines; raises ValueError (Dutch) on other control characters."""
    text = _LINE_BREAKS.sub("\n", text)
    if match := _CONTROL.search(text):
        raise ValueError(
            f"bevat een onzichtbaar stuurteken (U+{ord(match.group()):04X}) op positie "
            f"{match.start() + 1}; typ de tekst opnieuw of plak hem eerst in Kladblok")
    return text


def control_character(text: str) -> str | None:
    """The first character an XML file cannot hold, as ``U+000B``; None when clean."""
    match = re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)
    return f"U+{ord(match.group()):04X}" if match else None
