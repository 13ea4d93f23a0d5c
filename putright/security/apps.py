from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "putright.security"
    label = "security"
    verbose_name = "Staff security"
