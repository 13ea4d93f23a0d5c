"""What the API reads and writes: input serializers only check shapes and types (the services
judge everything else, so the API and the staff pages refuse the same things with the same
words), and output serializers give each record as JSON. Nothing here writes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from putright.cases.models import (
    CaseStatus,
    Channel,
    Complaint,
    Correspondence,
    Document,
    Extension,
    RequestStatus,
    ServiceRequest,
    Stage,
)
from putright.cases.models.record import Direction
from putright.organisations.models import ServiceArea

# --- Output ---------------------------------------------------------------------------------------


class ServiceAreaOut(serializers.ModelSerializer[ServiceArea]):
    class Meta:
        model = ServiceArea
        fields = ["id", "name", "profile"]


class ExtensionOut(serializers.ModelSerializer[Extension]):
    class Meta:
        model = Extension
        fields = ["days", "reason", "ombudsman_details_given", "granted_on"]


class StageOut(serializers.ModelSerializer[Stage]):
    extensions = ExtensionOut(many=True, read_only=True)

    class Meta:
        model = Stage
        fields = [
            "number",
            "received",
            "acknowledge_by",
            "acknowledged",
            "definition",
            "respond_by",
            "extension_days",
            "extended_respond_by",
            "extensions",
            "responded",
            "outcome",
            "decision",
            "reasons",
        ]


class ComplaintOut(serializers.ModelSerializer[Complaint]):
    service_area = ServiceAreaOut(read_only=True)
    handler = serializers.SlugRelatedField(slug_field="username", read_only=True)
    stages = StageOut(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "reference",
            "status",
            "stage",
            "service_area",
            "profile",
            "profile_version",
            "channel",
            "received",
            "name",
            "email",
            "phone",
            "address",
            "category",
            "description",
            "outcome_sought",
            "issue_date",
            "outside_time_limit",
            "handler",
            "next_due",
            "closed_on",
            "version",
            "stages",
        ]


class ServiceRequestOut(serializers.ModelSerializer[ServiceRequest]):
    service_area = ServiceAreaOut(read_only=True)
    handler = serializers.SlugRelatedField(slug_field="username", read_only=True)
    complaints = serializers.SlugRelatedField(slug_field="reference", many=True, read_only=True)

    class Meta:
        model = ServiceRequest
        fields = [
            "reference",
            "status",
            "service_area",
            "channel",
            "received",
            "name",
            "email",
            "phone",
            "address",
            "category",
            "description",
            "handler",
            "target_date",
            "review_by",
            "response",
            "responded_on",
            "completed_on",
            "version",
            "complaints",
        ]


class DocumentOut(serializers.ModelSerializer[Document]):
    correspondence = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "name",
            "content_type",
            "size",
            "sha256",
            "description",
            "correspondence",
            "created",
        ]


class CorrespondenceOut(serializers.ModelSerializer[Correspondence]):
    attachments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Correspondence
        fields = [
            "id",
            "direction",
            "channel",
            "party",
            "date",
            "summary",
            "body",
            "attachments",
            "created",
        ]


class StageFiguresOut(serializers.Serializer[Any]):
    received = serializers.IntegerField()
    acknowledged = serializers.IntegerField()
    acknowledged_on_time = serializers.IntegerField()
    responded = serializers.IntegerField()
    responded_on_time = serializers.IntegerField()
    responded_on_time_without_extensions = serializers.IntegerField()
    outcomes = serializers.DictField(child=serializers.IntegerField())


class FiguresOut(serializers.Serializer[Any]):
    """The figures exactly as ``putright kpis --json`` prints them (docs/figures.md)."""

    organisation = serializers.CharField()
    service_area = serializers.IntegerField(allow_null=True)
    from_ = serializers.DateField()
    to = serializers.DateField()
    service_requests_received = serializers.IntegerField()
    complaints_received = serializers.IntegerField()
    complaints_refused = serializers.IntegerField()
    stage1 = StageFiguresOut()
    stage2 = StageFiguresOut()
    ch01 = serializers.DictField(child=serializers.FloatField(allow_null=True))
    ch02 = serializers.DictField(child=serializers.FloatField(allow_null=True))
    financial_remedies_total = serializers.CharField()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


# --- Input ----------------------------------------------------------------------------------------

#: Text fields are bounded so that nothing absurd reaches a service.
LONG_TEXT = 20_000


def _text(
    *, required: bool = False, limit: int = LONG_TEXT, **kwargs: Any
) -> serializers.CharField:
    return serializers.CharField(
        required=required,
        allow_blank=not required,
        max_length=limit,
        trim_whitespace=True,
        **kwargs,
    )


class ComplaintIn(serializers.Serializer[Any]):
    service_area = serializers.IntegerField(min_value=1, help_text="A service area's id.")
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.API)
    received = serializers.DateField(
        required=False, help_text="When the complaint was received; today if not given."
    )
    name = _text(required=True, limit=200, help_text="The individual's name.")
    description = _text(required=True, help_text="The complaint in the individual's words.")
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    phone = _text(limit=40)
    address = _text(limit=1000)
    category = _text(limit=100)
    outcome_sought = _text()
    issue_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="When the issue happened, as the individual says.",
    )
    reference = serializers.CharField(
        required=False,
        max_length=40,
        help_text="A reference to keep (e.g. the other system's); else the organisation's next.",
    )


class ServiceRequestIn(serializers.Serializer[Any]):
    service_area = serializers.IntegerField(min_value=1, help_text="A service area's id.")
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.API)
    received = serializers.DateField(required=False, help_text="Today if not given.")
    name = _text(required=True, limit=200)
    description = _text(required=True)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    phone = _text(limit=40)
    address = _text(limit=1000)
    category = _text(limit=100)
    target_date = serializers.DateField(required=False, allow_null=True)


class _Versioned(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The complaint's version you read: a step on a changed one is refused (409).",
    )


class AcknowledgeIn(_Versioned):
    acknowledged = serializers.DateField(required=False, help_text="Today if not given.")
    definition = _text(help_text="The complaint definition, where the Code asks for it.")
    handler = serializers.CharField(
        required=False, max_length=150, help_text="The username of the member of staff handling it."
    )


class ExtendIn(_Versioned):
    days = serializers.IntegerField(min_value=1, max_value=365, help_text="Working days more.")
    reason = _text(required=True, help_text="Why, as explained to the individual.")
    ombudsman_details_given = serializers.BooleanField(default=False)
    granted_on = serializers.DateField(required=False, help_text="Today if not given.")


class RespondIn(_Versioned):
    responded = serializers.DateField(required=False, help_text="Today if not given.")
    outcome = serializers.CharField(
        max_length=40, help_text="One of the Code's (or organisation's) outcomes."
    )
    decision = _text()
    reasons = _text()
    contents = serializers.ListField(
        child=serializers.CharField(max_length=60),
        max_length=50,
        default=list,
        help_text="What the written response contains, as the Code's content keys.",
    )


class EscalateIn(_Versioned):
    requested = serializers.DateField(
        required=False,
        help_text="When the individual asked for the next stage; today if not given.",
    )


class CorrespondenceIn(serializers.Serializer[Any]):
    direction = serializers.ChoiceField(choices=Direction.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    date = serializers.DateField(required=False, help_text="Today if not given.")
    summary = _text(required=True, limit=300)
    body = _text()
    party = _text(limit=200, help_text="The other party, if not the individual.")


class DocumentIn(serializers.Serializer[Any]):
    file = serializers.FileField(allow_empty_file=False, use_url=False)
    description = _text(limit=300)


class ComplaintFilter(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    stage = serializers.IntegerField(required=False, min_value=1, max_value=9)
    service_area = serializers.IntegerField(required=False, min_value=1)
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)


class ServiceRequestFilter(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=RequestStatus.choices, required=False)
    service_area = serializers.IntegerField(required=False, min_value=1)
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)


class FiguresFilter(serializers.Serializer[Any]):
    from_ = serializers.DateField(help_text="The first day, YYYY-MM-DD.")
    to = serializers.DateField(help_text="The last day, YYYY-MM-DD.")
    service_area = serializers.IntegerField(required=False, min_value=1)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields
