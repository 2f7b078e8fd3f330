"""URLs of the « locavantages » pages."""

urlpatterns: list = []
