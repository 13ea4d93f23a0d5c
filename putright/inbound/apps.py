from django.apps import AppConfig


class InboundConfig(AppConfig):
    name = "putright.inbound"
    label = "inbound"
    verbose_name = "Mail in"
