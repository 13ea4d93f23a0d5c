from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "putright.privacy"
    label = "privacy"
    verbose_name = "Data protection and the Ombudsman's file"
