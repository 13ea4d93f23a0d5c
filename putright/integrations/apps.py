from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "putright.integrations"
    label = "integrations"
    verbose_name = "Other systems: API tokens"
