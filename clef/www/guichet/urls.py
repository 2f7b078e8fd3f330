"""URLs of the « guichet » pages."""

urlpatterns: list = []
