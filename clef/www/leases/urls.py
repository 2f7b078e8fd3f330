"""URLs of the « leases » pages."""

urlpatterns: list = []
