from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("compte/", include("clef.accounts.urls")),
    path("", include("clef.www.urls")),
]

handler404 = "clef.www.views.errors.page_not_found"
handler403 = "clef.www.views.errors.permission_denied"
handler500 = "clef.www.views.errors.server_error"
