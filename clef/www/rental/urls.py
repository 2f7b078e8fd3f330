"""URLs of the « rental » pages."""

urlpatterns: list = []
