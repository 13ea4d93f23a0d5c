from django.contrib import admin

from putright.inbound.models import InboundMessage, Mailbox


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ("organisation", "host", "username", "enabled", "last_polled", "last_error")
    # The password is changed on the staff settings page, never shown here.
    exclude = ("password",)
    readonly_fields = ("organisation", "updated_by")


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ("subject", "organisation", "status", "received")
    list_filter = ("status", "ignored_because")
    search_fields = ("key", "subject")
    readonly_fields = (
        "organisation",
        "complaint",
        "service_request",
        "correspondence",
        "handled_by",
    )
    exclude = ("raw",)
