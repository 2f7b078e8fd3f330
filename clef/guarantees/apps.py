from django.apps import AppConfig


class GuaranteesConfig(AppConfig):
    name = "clef.guarantees"
    label = "guarantees"
    verbose_name = "Visale et fonds de sécurisation"
