from django.apps import AppConfig


class CorrespondenceConfig(AppConfig):
    name = "putright.correspondence"
    label = "correspondence"
    verbose_name = "Mail out"
