"""Every checkbox and radio button is drawn the DSFR way: the input, then its label, in a
fr-checkbox-group (or fr-radio-group); never Django's `<label><input> text</label>`."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


class Choices(HTMLParser):
    """Each checkbox/radio with the class of its parent element and the label that follows it."""

    def __init__(self):
        super().__init__()
        self.stack, self.inputs, self.labels = [], [], {}
        self._label_for = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") in {"checkbox", "radio"}:
            parent = self.stack[-1] if self.stack else ("", {})
            self.inputs.append({**attrs, "parent": parent[0], "parent_class": parent[1].get("class", "")})
        elif tag == "label":
            self._label_for = attrs.get("for")
            self.labels[self._label_for] = attrs.get("class", "")
        if tag not in {"input", "br", "img", "meta", "link", "hr"}:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass


def choices(client, url: str) -> Choices:
    response = client.get(url)
    assert response.status_code == 200
    parsed = Choices()
    parsed.feed(response.content.decode())
    return parsed


def assert_dsfr(parsed: Choices) -> None:
    assert parsed.inputs
    for attrs in parsed.inputs:
        group = "fr-radio-group" if attrs["type"] == "radio" else "fr-checkbox-group"
        assert attrs["parent"] == "div" and group in attrs["parent_class"], attrs
        assert "fr-label" in parsed.labels.get(attrs["id"], ""), attrs
        assert "dsfr" not in attrs, attrs


def test_household_form_checkboxes_are_dsfr_checkboxes(client, operator):
    parsed = choices(member_client(client, operator, Role.SOCIAL_WORKER), reverse("www:household_create"))
    assert_dsfr(parsed)
    names = {attrs["name"] for attrs in parsed.inputs}
    assert {"resources", "siao_oriented", "dalo", "social_housing_demand"} <= names


def test_exit_form_radio_buttons_are_dsfr_radio_buttons(client, operator):
    stay = StayFactory(household__organisation=operator)
    parsed = choices(
        member_client(client, operator, Role.SOCIAL_WORKER), reverse("www:stay_end", args=[stay.pk])
    )
    assert_dsfr(parsed)
    assert {"loss_unpaid_rent", "loss_damage"} <= {attrs["name"] for attrs in parsed.inputs}


def test_import_form_checkbox_is_a_dsfr_checkbox(client, operator):
    assert_dsfr(choices(member_client(client, operator, Role.DIRECTOR), reverse("www:import_new")))
