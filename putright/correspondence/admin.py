from django.contrib import admin

from putright.correspondence.models import MailSettings, OutboundEmail, SendAttempt


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("subject", "organisation", "status", "attempts", "created")
    list_filter = ("status", "channel")
    search_fields = ("key", "subject")
    readonly_fields = ("organisation", "complaint", "service_request", "created_by")
    exclude = ("text", "html")


@admin.register(SendAttempt)
class SendAttemptAdmin(admin.ModelAdmin):
    list_display = ("email", "number", "channel", "outcome", "started")
    readonly_fields = ("email",)


@admin.register(MailSettings)
class MailSettingsAdmin(admin.ModelAdmin):
    list_display = ("organisation", "channel", "updated")
    # Secrets are changed on the staff settings page, never shown here.
    exclude = ("smtp_password", "notify_api_key")
    readonly_fields = ("organisation", "updated_by")
