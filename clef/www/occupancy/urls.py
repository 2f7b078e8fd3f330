"""URLs of the « Occupation, demande de logement social, glissement de bail » pages."""

urlpatterns: list = []
