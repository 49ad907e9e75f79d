"""The ranking view (pytest-qt): table, filters, scatter, explanation, weights, 3E form."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QPointF, Qt

from otb_desktop.domain.ranking.criteria import CRITERIA
from otb_desktop.persistence.database import open_database
from otb_desktop.services.context import AppContext
from otb_desktop.services.sites import SiteService
from otb_desktop.ui import workers
from otb_desktop.ui.ranking.model import FIRST_CRITERION, SCORE
from otb_desktop.ui.ranking.scatter import ScatterPlot
from otb_desktop.ui.ranking.selection_table import OPTION, RELEVANCE
from otb_desktop.ui.ranking.view import RankingView
from tests.ranking_demo import make_demo_file


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    return make_demo_file(tmp_path_factory.mktemp("view"))


@pytest.fixture
def context(demo_file, tmp_path):
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    database = open_database(path)
    yield AppContext(database)
    database.close()


@pytest.fixture
def view(qtbot, context):
    workers.set_synchronous(True)
    widget = RankingView(context)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.load()
    yield widget
    workers.set_synchronous(False)


def _scores(view):
    return [view.model.unit(r).score for r in range(view.model.rowCount())]


def test_table_ranks_sites_with_stability_and_unranked_last(view, qtbot):
    view.compute_stability()
    rows = view.model.rows()
    assert rows and all(r.stage for r in rows)
    ranked = [r for r in rows if r.rank]
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert rows[: len(ranked)] == ranked  # unranked ones follow
    assert all(r.share_in_top is not None for r in rows)
    assert "stabiliteit" in view.status.text().lower() or "stability" in \
        view.status.text().lower()
    index = view.model.index(0, FIRST_CRITERION)
    assert view.model.headerData(FIRST_CRITERION, Qt.Orientation.Horizontal) == \
        CRITERIA[0].label
    assert view.model.data(index, Qt.ItemDataRole.DisplayRole) is not None


def test_filters_by_stage_park_and_flag(view):
    total = view.proxy.rowCount()
    view.stage_filter.setCurrentIndex(view.stage_filter.findData("done"))
    shown = [view.proxy.index(r, 0) for r in range(view.proxy.rowCount())]
    assert 0 < len(shown) < total
    assert all(view.model.unit(view.proxy.mapToSource(i).row()).stage == "done" for i in shown)
    view.stage_filter.setCurrentIndex(0)
    view.set_kind("parcels")
    park = view.park_filter.itemData(1)
    view.park_filter.setCurrentIndex(1)
    assert all(view.model.unit(view.proxy.mapToSource(view.proxy.index(r, 0)).row()).park
               == park for r in range(view.proxy.rowCount()))
    view.only_ranked.setChecked(True)
    assert all(view.model.unit(view.proxy.mapToSource(view.proxy.index(r, 0)).row()).rank
               for r in range(view.proxy.rowCount()))


def test_weight_change_reranks_live(view, qtbot):
    view.set_kind("parcels")
    before = [r.id for r in view.model.rows()[:15]]
    with qtbot.waitSignal(view.reranked):
        view.weights.set_weight("bebouwing", 0)
    with qtbot.waitSignal(view.reranked):
        view.weights.set_weight("staat", 5)
    after = [r.id for r in view.model.rows()[:15]]
    assert before != after
    assert view.weights.is_modified() and view.weights.save_button.isEnabled()
    score_column = [view.model.data(view.model.index(r, SCORE)) for r in range(3)]
    assert all(text for text in score_column)


def test_weight_profile_saved_as_new_becomes_active(view, context):
    view.weights.set_weight("klimaat", 4.5)
    profile = view.weights.profile()
    view._save_profile(profile.__class__("Mijn klimaat", profile.weights,
                                         profile.min_completeness, False, ""), "", ())
    names = [view.weights.profile_combo.itemText(i)
             for i in range(view.weights.profile_combo.count())]
    assert "Mijn klimaat" in names
    assert view.weights.profile_combo.currentText() == "Mijn klimaat"
    from otb_desktop.services.weight_profiles import WeightProfileService

    assert WeightProfileService(context).active().profile.weights["klimaat"] == 4.5


def test_selection_links_table_scatter_explanation_and_map(view, qtbot):
    site = next(r for r in view.model.rows() if r.urgentie is not None
                and r.kansrijkheid is not None)
    with qtbot.waitSignal(view.parcelsSelected) as signal:
        view.select_units([site.id])
    assert set(signal.args[0]) == set(site.parcel_ids)
    assert view.scatter.selected() == [site.id]
    assert view.explanation.unit().id == site.id
    texts = view.explanation.bar_texts()
    assert len(texts) == len(CRITERIA)
    assert any("no data" in t for t in texts) or all("sub-score" in t for t in texts)
    # a click in the scatter selects the nearest point and tells the map
    other = next(r for r in view.model.rows() if r.id != site.id and r.urgentie is not None
                 and r.kansrijkheid is not None)
    view.show_tab(0)
    point = view.scatter.point_of(other)
    with qtbot.waitSignal(view.parcelsSelected):
        qtbot.mouseClick(view.scatter, Qt.MouseButton.LeftButton,
                         pos=point.toPoint())
    assert view.selected_units() == [view.scatter.unit_at(QPointF(point)).id]
    # the map selects parcels: their units get selected, nothing is emitted back
    with qtbot.assertNotEmitted(view.parcelsSelected):
        view.select_parcels([site.parcel_ids[0]])
    assert view.selected_units() == [site.id]


def test_scores_for_the_map_cover_site_parcels(view, qtbot):
    with qtbot.waitSignal(view.scoresChanged) as signal:
        view.rerank()
    scores = signal.args[0]
    ranked = [r for r in view.model.rows() if r.rank]
    assert ranked and all(scores[p] is not None for r in ranked for p in r.parcel_ids)
    unranked = [r for r in view.model.rows() if not r.rank and r.parcel_ids[0] not in
                {p for u in ranked for p in u.parcel_ids}]
    assert all(scores[r.parcel_ids[0]] is None for r in unranked)


def test_scatter_places_units_and_counts_the_unplaceable(qtbot, view):
    scatter = ScatterPlot()
    qtbot.addWidget(scatter)
    scatter.resize(400, 300)
    rows = view.model.rows()
    scatter.set_units(rows)
    placed = scatter.placed()
    assert len(placed) == sum(1 for r in rows if r.urgentie is not None
                              and r.kansrijkheid is not None)
    top_right = max(placed, key=lambda r: r.kansrijkheid + r.urgentie)
    p = scatter.point_of(top_right)
    rect = scatter.plot_rect()
    assert rect.contains(p)
    assert scatter.unit_at(p).id in {r.id for r in placed}


def test_3e_form_gate_message_and_save(view, context, qtbot):
    service = SiteService(context)
    site = next(s for s in service.list() if s.record.stage == "approach_chosen")
    view.select_units([site.id])
    form = view.form
    assert form.view().id == site.id
    assert form.selection.rowCount() == 24
    # try to start redevelopment: step 3 is missing and the message says so
    form.stage.setCurrentIndex(form.stage.findData("in_redevelopment"))
    assert "Step 3" in form.missing.text() or "Stap 3" in form.missing.text()
    form.save()
    assert "stap 1 tot en met 3" in form.error.text() and "ambtelijk" in form.error.text()
    assert service.get(site.id).record.stage == "approach_chosen"  # nothing saved
    # a 'wel relevant, maar niet meenemen' row without motivation is marked in the table
    row = next(i for i in range(24) if form.selection.entry(i).option == "niet_relevant")
    model = form.selection
    model.setData(model.index(row, OPTION), "wel_relevant_niet_meenemen")
    model.setData(model.index(row, min(RELEVANCE)), Qt.CheckState.Checked.value,
                  Qt.ItemDataRole.CheckStateRole)
    assert any("onderbouwing" in i.message for i in model.issues(row))
    model.setData(model.index(row, 11), "Geen budget dit jaar; in 2027 opnieuw bekijken.")
    assert model.issues(row) == []
    # fill step 3 and save: the site enters redevelopment
    form.plan_participation.setPlainText("Keukentafelgesprekken")
    form.plan_monitoring.setPlainText("Kwartaalrapportage")
    form.plan_examples.setPlainText("Hassinkweg")
    form.ambtelijk_by.setText("Afdelingshoofd")
    form.ambtelijk_on.setDate(form.ambtelijk_on.date().currentDate())
    form.bestuurlijk_by.setText("Wethouder")
    form.bestuurlijk_on.setDate(form.bestuurlijk_on.date().currentDate())
    with qtbot.waitSignal(view.siteSaved):
        form.save()
    saved = service.get(site.id)
    assert saved.record.stage == "in_redevelopment"
    assert saved.record.plan.bestuurlijk.by == "Wethouder"
    assert [c.stage for c in service.stage_history(site.id)][-1] == "in_redevelopment"
    assert view.form.view().id == site.id  # reopened after the reload


def test_make_site_from_selected_parcels(view, context):
    view.set_kind("parcels")
    taken = {p for s in SiteService(context).list() for p in s.parcel_ids}
    parcel = next(r for r in view.model.rows() if r.id not in taken)
    before = len(SiteService(context).list())
    view.make_site_from_selection([parcel.id])
    sites = SiteService(context).list()
    assert len(sites) == before + 1
    assert view.kind == "sites" and view.form.view().parcel_ids == (parcel.id,)


def test_park_priorities_dialog_saves_and_reranks(view, context, qtbot):
    from otb_desktop.services.weight_profiles import WeightProfileService

    demo_priorities = WeightProfileService(context).park_priorities()
    assert len(demo_priorities) == 1  # the demo's pilot ontwikkelkader
    dialog = view.edit_park_priorities()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 7 + 24
    park_id = dialog.park.currentData()
    dialog.set_level("klimaatbestendig", "hoog")
    dialog.set_level("circulair.2", "laag")
    dialog.source.setText("Ontwikkelkader (concept)")
    with qtbot.waitSignal(view.reranked):
        dialog._save()
    saved = WeightProfileService(context).park_priorities()[park_id]
    assert saved.themes == {"klimaatbestendig": "hoog"}
    assert saved.vraagstukken == {"circulair.2": "laag"}
    assert saved.source == "Ontwikkelkader (concept)"


def test_3e_form_shows_a_conflict_and_saving_a_version_resolves_it(view, context, qtbot):
    from dataclasses import replace as dc_replace

    from otb_desktop.persistence.models import SiteRevision, SiteRevisionEdge
    from otb_desktop.persistence.revisions import append_revision

    service = SiteService(context)
    site = service.list()[0]
    base = site.head_ids[0]
    service.update(site.id, name="Naam laptop 1")
    with context.database.session() as s:
        append_revision(s, SiteRevision, SiteRevisionEdge, site.id,
                        dc_replace(site.record, name="Naam laptop 2").to_body(), "Bea",
                        "device-2", [base])
    view.load()
    view.select_units([site.id])
    form = view.form
    assert form.version.isVisible() or form.version.count() == 2
    assert "conflict" in form.banner.text()
    names = {form.name.text()}
    form.version.setCurrentIndex(1)
    form._version_chosen(1)
    names.add(form.name.text())
    assert names == {"Naam laptop 1", "Naam laptop 2"}
    assert form.save_button.isEnabled()
    with qtbot.waitSignal(view.siteSaved):
        form.save()
    resolved = service.get(site.id)
    assert not resolved.conflict and resolved.name == form.name.text()


def test_calculation_help_names_every_criterion_flag_and_site_rule(view, qtbot):
    from otb_desktop.domain.ranking.criteria import FLAGS
    from otb_desktop.domain.ranking.facts import AGGREGATION
    from otb_desktop.ui.ranking.help import calculation_html

    text = calculation_html()
    assert all(c.label in text for c in CRITERIA)
    assert all(label in text for label in FLAGS.values())
    assert all(rule in text for rule, _how in AGGREGATION)
    from PySide6.QtWidgets import QDialog, QTextBrowser

    view.help_button.click()
    dialog = view.findChild(QDialog, "rankingHelpDialog")
    assert dialog is not None and dialog.isVisible()
    assert CRITERIA[0].label in dialog.findChild(QTextBrowser).toPlainText()
    dialog.close()


def test_members_change_through_the_form_and_export(view, context, qtbot, tmp_path):
    from shapely import STRtree

    from otb_desktop.persistence.models import Parcel

    service = SiteService(context)
    site = next(s for s in service.list() if len(s.parcel_ids) == 1)
    view.select_units([site.id])
    with context.database.session() as s:
        rows = s.query(Parcel.id, Parcel.geometry).all()
    tree = STRtree([g for _, g in rows])
    own = next(g for pid, g in rows if pid == site.parcel_ids[0])
    taken = {p for x in service.list() for p in x.parcel_ids}
    neighbour = next(rows[i][0] for i in tree.query(own, predicate="dwithin", distance=0.4)
                     if rows[i][0] not in taken)
    view.parcel_selection = lambda: [site.parcel_ids[0], neighbour]
    view.form.members_button.click()
    assert "not yet saved" in view.form.title.text()
    with qtbot.waitSignal(view.siteSaved):
        view.form.save()
    assert set(service.get(site.id).parcel_ids) == {site.parcel_ids[0], neighbour}
    view.export(tmp_path / "rangschikking.xlsx")
    assert (tmp_path / "rangschikking.xlsx").stat().st_size > 0
    assert "geschreven" in view.status.text()


def test_units_outside_the_ten_parks_say_so(view):
    from otb_desktop.ui.ranking.model import FLAGS_COL

    view.set_kind("parcels")
    outside = next(r for r in view.model.rows() if r.in_scope is False)
    row = view.model.row_of(outside.id)
    text = view.model.data(view.model.index(row, FLAGS_COL))
    assert "outside the OTB parks" in text
