"""The cases in the Django admin, read-only: every change goes through the services, which ask
the Code engine first and record the change."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from putright.cases.models import Complaint, Extension, Stage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    can_delete = False
    show_change_link = True
    fields = [
        "number",
        "received",
        "acknowledged",
        "handler",
        "extension_days",
        "responded",
        "outcome",
        "acknowledge_by",
        "respond_by",
        "extended_respond_by",
        "profile_version",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = [
        "reference",
        "organisation",
        "service_area",
        "stage",
        "status",
        "handler",
        "received",
        "next_due",
    ]
    list_filter = ["organisation", "status", "stage", "profile", "channel"]
    search_fields = ["reference", "name"]
    date_hierarchy = "received"
    list_select_related = ["organisation", "service_area", "handler"]
    inlines = [StageInline]


class ExtensionInline(admin.TabularInline):
    model = Extension
    extra = 0
    can_delete = False
    fields = ["days", "reason", "ombudsman_details_given", "granted_on", "granted_by"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Stage)
class StageAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "number", "received", "acknowledged", "responded", "handler"]
    list_select_related = ["complaint", "handler"]
    search_fields = ["complaint__reference"]
    inlines = [ExtensionInline]


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyAdmin):
    list_display = ["stage", "days", "granted_on", "granted_by", "ombudsman_details_given"]
    list_select_related = ["stage__complaint", "granted_by"]
