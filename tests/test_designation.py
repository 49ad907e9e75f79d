import pytest

from otb_desktop.domain import designation


@pytest.mark.parametrize("text", ["OTL02 B 2298", "otl02 b 2298", "OTL02-B-2298", "OTL02B2298",
                                  " OTL02 b 02298 "])
def test_full_forms_parse_to_canonical(text):
    assert str(designation.parse(text)) == "OTL02 B 2298"
    assert designation.search_key(text) == "OTL02 B 2298"


@pytest.mark.parametrize("text", ["b2298", "B 2298", "b-2298"])
def test_loose_forms_give_short_key(text):
    assert designation.parse(text) is None
    assert designation.search_key(text) == "B 2298"


@pytest.mark.parametrize("text", ["", "Industriestraat 12", "2298", "OTL B 2298"])
def test_non_designations(text):
    assert designation.parse(text) is None
    assert designation.search_key(text) is None
