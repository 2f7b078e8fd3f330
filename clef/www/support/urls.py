"""URLs of the « Accompagnement » pages."""

urlpatterns: list = []
