"""URLs of the « Sorties accompagnées » pages."""

urlpatterns: list = []
