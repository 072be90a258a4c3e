from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from agreements.models import Agreement, PrincipalDecision


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "title", "kind", "status", "valid_from", "valid_until"]
    list_filter = ["kind", "status", "responsible_forum"]
    search_fields = ["title", "short_name", "description"]
    filter_horizontal = ["parties"]
    autocomplete_fields = ["cases", "replaces"]
    list_select_related = ["responsible_forum"]


@admin.register(PrincipalDecision)
class PrincipalDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "principal", "status", "decided_on", "body", "reference"]
    list_filter = ["status", "principal"]
    search_fields = ["recommendation__text", "reference", "body"]
    list_select_related = ["recommendation", "principal"]
    raw_id_fields = ["recommendation"]
