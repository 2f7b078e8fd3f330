"""URLs of the « recovery » pages."""

urlpatterns: list = []
