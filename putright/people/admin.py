"""People in the Django admin, read-only: every change goes through the services, which check the
Code and record the change. Disclosed disabilities are not shown here at all."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from putright.people.models import (
    Individual,
    ReasonableAdjustment,
    Representative,
    Restriction,
    RestrictionReview,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Individual)
class IndividualAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "postcode", "contact_preference", "updated"]
    list_filter = ["organisation", "contact_preference"]
    search_fields = ["name", "email", "postcode"]
    exclude = ["disabilities"]


@admin.register(Representative)
class RepresentativeAdmin(ReadOnlyAdmin):
    list_display = ["name", "individual", "relationship", "consent_given", "active"]
    list_filter = ["organisation", "consent_given", "active"]
    search_fields = ["name", "individual__name"]


@admin.register(ReasonableAdjustment)
class ReasonableAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["individual", "agreed_on", "review_by", "ended_on"]
    list_filter = ["organisation"]


class RestrictionReviewInline(admin.TabularInline):
    model = RestrictionReview
    extra = 0
    can_delete = False
    fields = ["reviewed_on", "decision", "notes", "next_review_by", "reviewed_by"]
    readonly_fields = fields


@admin.register(Restriction)
class RestrictionAdmin(ReadOnlyAdmin):
    list_display = ["individual", "starts", "review_by", "ended_on"]
    list_filter = ["organisation"]
    inlines = [RestrictionReviewInline]
