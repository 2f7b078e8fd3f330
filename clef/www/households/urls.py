from django.urls import path

from clef.www.households import views

urlpatterns = [
    path("menages/", views.household_list, name="household_list"),
    path("menages/nouveau/", views.household_create, name="household_create"),
    path("menages/<int:pk>/", views.household_detail, name="household_detail"),
    path("menages/<int:pk>/modifier/", views.household_edit, name="household_edit"),
]
