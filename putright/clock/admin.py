from django.contrib import admin

from putright.clock.models import ClockSettings, Notice, PeriodicJob


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("kind", "organisation", "due", "recipients", "created")
    list_filter = ("kind",)
    readonly_fields = ("organisation", "complaint")


@admin.register(ClockSettings)
class ClockSettingsAdmin(admin.ModelAdmin):
    list_display = ("organisation", "reminder_days", "updated")
    readonly_fields = ("organisation", "updated_by")


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    list_display = ("task_path", "last_queued", "last_started", "last_finished")
