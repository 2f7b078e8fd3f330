"""URLs of the « recovery » pages: reminders, repayment plans, litigation."""

from django.urls import path

from clef.www.recovery import views

urlpatterns = [
    path("gestion-locative/recouvrement/", views.recovery_home, name="recovery_home"),
    path(
        "gestion-locative/recouvrement/comptes/<int:pk>/relance/",
        views.reminder_create,
        name="reminder_create",
    ),
    path(
        "gestion-locative/recouvrement/relances/<int:pk>/lettre.pdf",
        views.reminder_letter,
        name="reminder_letter",
    ),
    path("gestion-locative/recouvrement/comptes/<int:pk>/plan/", views.plan_create, name="plan_create"),
    path("gestion-locative/recouvrement/plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("gestion-locative/recouvrement/plans/<int:pk>/abandon/", views.plan_abandon, name="plan_abandon"),
    path(
        "gestion-locative/recouvrement/comptes/<int:pk>/contentieux/", views.case_create, name="case_create"
    ),
    path("gestion-locative/recouvrement/contentieux/<int:pk>/", views.case_detail, name="case_detail"),
    path("gestion-locative/recouvrement/contentieux/<int:pk>/etape/", views.case_step, name="case_step"),
    path("gestion-locative/recouvrement/contentieux/<int:pk>/point/", views.case_review, name="case_review"),
    path("gestion-locative/recouvrement/contentieux/<int:pk>/statut/", views.case_status, name="case_status"),
]
