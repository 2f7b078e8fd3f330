"""URLs of the « Réunion IML et travail à faire » pages."""

urlpatterns: list = []
