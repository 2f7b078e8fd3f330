"""URLs of the « captation » pages."""

urlpatterns: list = []
