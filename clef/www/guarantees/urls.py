"""URLs of the « guarantees » pages."""

urlpatterns: list = []
