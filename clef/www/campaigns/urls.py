from django.urls import path

from clef.www.campaigns import views

urlpatterns = [
    path("collectes/", views.campaign_list, name="campaign_list"),
    path("collectes/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("collectes/<int:pk>/relancer/", views.campaign_remind, name="campaign_remind"),
    path("declarations/<int:pk>/", views.declaration_detail, name="declaration_detail"),
    path("declarations/<int:pk>/valider/", views.declaration_validate, name="declaration_validate"),
    path("declarations/<int:pk>/rouvrir/", views.declaration_reopen, name="declaration_reopen"),
    path("declarations/<int:pk>/fichier/", views.declaration_upload, name="declaration_upload"),
]
