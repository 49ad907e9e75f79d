"""The window creates a database it was pointed at only after asking; files follow --db."""

from PySide6.QtWidgets import QMessageBox

from otb_desktop.paths import log_dir, user_files_follow
from otb_desktop.ui import app


def test_window_asks_before_creating_a_chosen_database(qapp, tmp_path, monkeypatch):
    path = tmp_path / "tikfout.sqlite"
    asked = []

    def answer(*args):
        asked.append(args)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert app.open_or_explain(path, ask_to_create=True) is None
    assert asked and not path.exists()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: QMessageBox.StandardButton.Yes)
    context = app.open_or_explain(path, ask_to_create=True)
    assert context is not None and path.exists()
    context.database.close()


def test_log_and_settings_follow_a_chosen_database_folder(tmp_path):
    files = user_files_follow(tmp_path / "project.sqlite", chosen=True)
    assert files.logs == tmp_path / "otb-desktop-logs"
    assert files.settings == tmp_path / "otb-desktop-instellingen.ini"
    default = user_files_follow(tmp_path / "project.sqlite", chosen=False)
    assert default.logs == log_dir() and default.settings is None
    missing = user_files_follow(tmp_path / "nergens" / "x.sqlite", chosen=True)
    assert missing.logs == log_dir()
