from django.apps import AppConfig


class ClockConfig(AppConfig):
    name = "putright.clock"
    label = "clock"
    verbose_name = "The clock: reminders and alerts"
