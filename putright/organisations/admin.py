from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from putright.organisations.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "division", "default_profile", "homes"]
    search_fields = ["name", "slug"]
    readonly_fields = ["created", "updated"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "organisation", "role", "is_active", "is_superuser"]
    list_filter = ["organisation", "role", "is_active", "is_superuser"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Organisation", {"fields": ("organisation", "role")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Organisation", {"fields": ("organisation", "role")}),
    )
