"""URLs of the « funding » pages."""

urlpatterns: list = []
