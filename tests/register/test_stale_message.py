"""The message of a stale edit reads right whatever the gender of the record's name (« proposition »,
« demande », « ménage »): it names the record instead of agreeing an article with it."""

from clef.households.models import Household
from clef.organisations.models import Share
from clef.utils.writes import StaleEditError


def test_the_stale_message_names_the_record_without_a_gendered_article():
    for model in (Household, Share):
        message = StaleEditError(instance=model(), current_version=2).messages[0]
        assert message.startswith(f"Cet enregistrement (« {model._meta.verbose_name} ») a été modifié depuis")
        assert "Ce partage" not in message and "Ce ménage" not in message
