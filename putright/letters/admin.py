from django.contrib import admin

from putright.letters.models import Letter


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["subject", "complaint", "kind", "by_post", "sent_at"]
    list_filter = ["kind", "by_post"]
    raw_id_fields = ["complaint", "correspondence", "document", "email", "sent_by"]
