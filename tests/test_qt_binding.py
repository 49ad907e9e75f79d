"""Guard against Qt bindings that corrupt Python's reference counts.

PySide6 6.12.0 dropped a reference to None on every void-returning call, which aborts
Python 3.11 ("none_dealloc") after a few hundred map repaints. pyproject excludes it; this
test catches a future release with the same fault before users do.
"""

import sys

import pytest
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QWidget


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_calls_keep_none_refcount(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    path = QPainterPath()
    before = sys.getrefcount(None)
    for _ in range(1000):
        widget.update()
        path.moveTo(1, 2)
    assert abs(sys.getrefcount(None) - before) < 100
