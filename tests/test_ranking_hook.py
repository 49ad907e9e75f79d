"""The ranking plugs into the main window: menu actions, map colouring, linked selection."""

from __future__ import annotations

import shutil

import pytest

from otb_desktop.domain.ranking.colouring import KEY
from otb_desktop.persistence.database import open_database
from otb_desktop.services.context import AppContext
from otb_desktop.ui import workers
from otb_desktop.ui.main_window import MainWindow
from otb_desktop.ui.settings import Settings
from tests.ranking_demo import make_demo_file


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    return make_demo_file(tmp_path_factory.mktemp("hook"))


@pytest.fixture
def window(qtbot, demo_file, tmp_path):
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    database = open_database(path)
    workers.set_synchronous(True)
    main = MainWindow(AppContext(database), Settings.at_path(tmp_path / "s.ini"))
    qtbot.addWidget(main)
    main.reload()
    yield main
    if main.ranking.ranking is not None:
        main.ranking.ranking.close()
    workers.set_synchronous(False)
    database.close()


def test_view_menu_opens_the_ranking_and_selection_links_to_the_map(window, qtbot):
    assert window.ranking.act_open in window.menu_view.actions()
    assert KEY in [key for key, _label in window.canvas.colourings()]
    ranking = window.ranking.open()
    view = ranking.view
    assert view.model.rowCount() > 0
    site = next(r for r in view.model.rows() if r.rank)
    view.select_units([site.id])
    assert set(window.selected_ids()) == set(site.parcel_ids)
    # choosing parcels on the map selects their site in the ranking
    view.select_units([])
    window.canvas.selectionChanged.emit([site.parcel_ids[0]])
    assert view.selected_units() == [site.id]


def test_map_colours_by_score_once_the_ranking_is_loaded(window):
    window.set_colouring(KEY)  # loads the ranking in the background (synchronous here)
    assert window.ranking.ranking is not None
    scored = [p for p, s in window.ranking.scores.items() if s is not None]
    assert scored
    assert window.canvas.class_of(scored[0]) is not None
