"""URLs of the « Orientation par le SIAO » pages."""

urlpatterns: list = []
