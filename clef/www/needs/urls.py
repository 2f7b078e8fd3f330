"""URLs of the « needs » pages."""

urlpatterns: list = []
