from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
    AgendaItem,
    AgendaItemPresenter,
    Assignment,
    Attachment,
    Attendance,
    Case,
    Decision,
    Meeting,
    MinutesReview,
)


class MinutesReadOnly:
    """The minutes are shown here, not changed: every change goes through the minutes
    editor, whose services check the meeting's version so that no one's work is saved
    over, raise it, reopen justering and keep the history. A change saved here would do
    none of that (a secretary's stale form would silently overwrite it)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AttendanceInline(MinutesReadOnly, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person"]


class AgendaItemInline(MinutesReadOnly, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "number", "title", "kind", "outcome", "case"]
    show_change_link = True
    autocomplete_fields = ["case"]


class AttachmentInline(MinutesReadOnly, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["number", "title", "item", "file"]


def _editor_url(object_id) -> str:
    try:
        return reverse("meeting_edit", args=[int(object_id)])
    except (TypeError, ValueError):
        return ""


@admin.register(Meeting)
class MeetingAdmin(MinutesReadOnly, SimpleHistoryAdmin):
    list_display = ["__str__", "forum", "date", "place", "registration_number", "status"]
    list_filter = ["forum", "status", "date"]
    search_fields = ["forum__name", "place", "registration_number", "items__title"]
    date_hierarchy = "date"
    autocomplete_fields = ["chair", "justerare"]
    readonly_fields = ["decisions_overview"]
    list_select_related = ["forum"]
    inlines = [AttendanceInline, AgendaItemInline, AttachmentInline]
    fieldsets = [
        (None, {"fields": ["forum", "date", ("start_time", "end_time"), "place"]}),
        (
            _("Minutes"),
            {"fields": ["registration_number", "minutes_date", "chair", "justerare", "status"]},
        ),
        (_("Attendance"), {"fields": ["attendance_note"]}),
        (_("Items and decisions"), {"fields": ["decisions_overview"]}),
    ]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A meeting entered or imported by mistake is removed here; its history stays.
        return request.user.is_superuser

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "editor_url": _editor_url(object_id)}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("Items and decisions"))
    def decisions_overview(self, meeting: Meeting) -> str:
        if not meeting.pk:
            return "–"
        items = meeting.items.prefetch_related("decisions__referred_to", "presenters__person")
        return render_to_string(
            "meetings/admin/decisions_overview.html", {"meeting": meeting, "items": items}
        )


class PresenterInline(MinutesReadOnly, admin.TabularInline):
    model = AgendaItemPresenter
    extra = 0
    autocomplete_fields = ["person", "forum"]


class DecisionInline(MinutesReadOnly, admin.StackedInline):
    model = Decision
    fk_name = "item"
    extra = 0
    fields = [
        ("position", "kind"),
        "text",
        ("referred_to", "requires_identical"),
        ("answers", "amount_sek"),
    ]
    raw_id_fields = ["answers"]


@admin.register(AgendaItem)
class AgendaItemAdmin(MinutesReadOnly, SimpleHistoryAdmin):
    list_display = ["number", "title", "meeting", "kind", "outcome", "case"]
    list_filter = ["kind", "outcome", "meeting__forum"]
    search_fields = ["title", "discussion", "meeting__forum__name"]
    autocomplete_fields = ["case"]
    list_select_related = ["meeting__forum", "case"]
    raw_id_fields = ["meeting"]
    inlines = [PresenterInline, DecisionInline]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "registration_number", "status"]
    list_filter = ["status"]
    search_fields = ["title", "registration_number", "description"]


class AssignmentInline(MinutesReadOnly, admin.StackedInline):
    model = Assignment
    fk_name = "decision"
    extra = 0
    raw_id_fields = ["report_to_meeting", "reported_in"]


@admin.register(Decision)
class DecisionAdmin(MinutesReadOnly, SimpleHistoryAdmin):
    list_display = ["text", "kind", "meeting_date", "forum", "referred_to", "requires_identical"]
    list_filter = ["kind", "item__meeting__forum", "referred_to", "requires_identical"]
    search_fields = ["text", "item__title"]
    list_select_related = ["item__meeting__forum", "referred_to"]
    raw_id_fields = ["item", "answers"]
    inlines = [AssignmentInline]

    @admin.display(description=_("date"), ordering="item__meeting__date")
    def meeting_date(self, decision: Decision):
        return decision.item.meeting.date

    @admin.display(description=_("forum"), ordering="item__meeting__forum__name")
    def forum(self, decision: Decision):
        return decision.item.meeting.forum


@admin.register(Assignment)
class AssignmentAdmin(MinutesReadOnly, SimpleHistoryAdmin):
    list_display = ["assignee", "description", "due_date", "report_to_forum", "status"]
    list_filter = ["status", "report_to_forum", "assignee_forum"]
    search_fields = ["description", "assignee_text"]
    list_select_related = ["assignee_forum", "assignee_principal", "report_to_forum"]
    raw_id_fields = ["decision", "report_to_meeting", "reported_in"]


@admin.register(Attachment)
class AttachmentAdmin(MinutesReadOnly, SimpleHistoryAdmin):
    list_display = ["number", "title", "meeting", "item"]
    search_fields = ["title"]
    list_select_related = ["meeting__forum", "item"]
    raw_id_fields = ["meeting", "item"]


@admin.register(MinutesReview)
class MinutesReviewAdmin(MinutesReadOnly, SimpleHistoryAdmin):
    list_display = ["meeting", "reviewer", "approved", "created_at"]
    list_filter = ["approved", "meeting__forum"]
    search_fields = ["reviewer__name", "comment", "meeting__forum__name"]
    autocomplete_fields = ["reviewer"]
    list_select_related = ["meeting__forum", "reviewer"]
    readonly_fields = ["created_at"]
