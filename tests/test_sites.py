"""Sites: stage transitions, adjacency of parcels, chapter-5 issue selection, roles."""

import pytest
from shapely.geometry import box

from otb_desktop.domain.catalogue import load_catalogue
from otb_desktop.domain.errors import ValidationError
from otb_desktop.domain.sites import (
    IssueChoice,
    Stage,
    check_adjacent,
    check_issue_selection,
    check_roles,
    check_transition,
)


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_forward_and_drop_transitions():
    check_transition(Stage.INVENTORIED, Stage.PRIORITISED)
    check_transition("in_redevelopment", "dropped")
    with pytest.raises(ValidationError, match="mogelijk is"):
        check_transition(Stage.INVENTORIED, Stage.IN_REDEVELOPMENT)
    with pytest.raises(ValidationError):
        check_transition(Stage.DONE, Stage.INVENTORIED)


def test_adjacent_parcels_form_one_group():
    check_adjacent([box(0, 0, 10, 10), box(10, 0, 20, 10), box(20.3, 0, 30, 10)])
    with pytest.raises(ValidationError, match="1 van de 3 percelen"):
        check_adjacent([box(0, 0, 10, 10), box(10, 0, 20, 10), box(50, 0, 60, 10)])
    with pytest.raises(ValidationError):
        check_adjacent([])


def test_issue_selection_needs_motivation_for_relevant_but_left_out(catalogue):
    check_issue_selection({"ruimtegebruik.3": IssueChoice("actief_meenemen"),
                           "ruimtegebruik.1": IssueChoice("wel_relevant_niet_meenemen",
                                                          "Past niet in het budget")}, catalogue)
    with pytest.raises(ValidationError, match="onderbouwing") as info:
        check_issue_selection({"ruimtegebruik.1": IssueChoice("wel_relevant_niet_meenemen")},
                              catalogue)
    assert info.value.issues[0].field == "ruimtegebruik.1"
    with pytest.raises(ValidationError, match="Onbekend"):
        check_issue_selection({"nergens.9": IssueChoice("randvoorwaarde")}, catalogue)
    with pytest.raises(ValidationError, match="Onbekende keuze"):
        check_issue_selection({"ruimtegebruik.1": IssueChoice("misschien")}, catalogue)


def test_roles_come_from_chapter_6(catalogue):
    check_roles(["realiserend", "ondersteunend"], catalogue)
    with pytest.raises(ValidationError, match="Onbekende rol"):
        check_roles(["dictatoriaal"], catalogue)
