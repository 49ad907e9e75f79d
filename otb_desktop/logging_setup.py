"""One logging setup for the app: a rotating file in the user's log folder.

Support asks for this file when something went wrong on a laptop in the field, so every
unexpected error ends up here with its traceback, also when the window shows only a message.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from otb_desktop.paths import log_dir

LOG_FILE_NAME = "otb-desktop.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_handler: logging.Handler | None = None


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path:
    """Log to ``<log folder>/otb-desktop.log`` (1 MB, 5 old files kept); idempotent."""
    global _handler
    folder = folder or log_dir()
    path = folder / LOG_FILE_NAME
    root = logging.getLogger()
    if _handler is not None:
        if Path(getattr(_handler, "baseFilename", "")) == path:
            return path
        root.removeHandler(_handler)
        _handler.close()
    folder.mkdir(parents=True, exist_ok=True)
    _handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    _handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(_handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    return path


def log_file() -> Path | None:
    """The file logs go to, for messages that point the user to it."""
    return Path(_handler.baseFilename) if isinstance(
        _handler, logging.handlers.RotatingFileHandler) else None
