from django.urls import path

from clef.www.views import home

app_name = "www"
urlpatterns = [path("", home.home, name="home")]
