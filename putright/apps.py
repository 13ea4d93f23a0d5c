from django.apps import AppConfig


class PutrightConfig(AppConfig):
    """The project itself: home of the project-wide management commands (``putright codes``...)."""

    name = "putright"
    label = "putright"
    verbose_name = "putright"
