"""URLs of the « damages » pages."""

urlpatterns: list = []
