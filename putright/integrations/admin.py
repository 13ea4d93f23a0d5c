from django.contrib import admin

from putright.integrations.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are made and revoked on the settings pages, which audit it."""

    list_display = ("name", "organisation", "prefix", "created", "last_used", "revoked")
    list_filter = ("organisation",)
    readonly_fields = [f.name for f in ApiToken._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
