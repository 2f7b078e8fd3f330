from django.urls import path

from clef.www.home import views

urlpatterns = [
    path("", views.home, name="home"),
]
