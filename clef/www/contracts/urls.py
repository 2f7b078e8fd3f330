"""URLs of the « contracts » pages."""

urlpatterns: list = []
