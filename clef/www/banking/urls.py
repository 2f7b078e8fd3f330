"""URLs of the « banking » pages."""

urlpatterns: list = []
