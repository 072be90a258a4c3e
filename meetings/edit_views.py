"""The minutes editor for secretaries: create a meeting, edit it, justering and publishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case as DbCase
from django.db.models import Count, F, IntegerField, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council.models import Forum, Membership, Person, Principal, Role
from council.permissions import can_edit_meeting, editable_forum_ids, minutes_keeper_required

from . import services
from .access import JUSTERARE_READS, follows_review
from .forms import (
    AttachmentFormSet,
    AttendanceForm,
    DecisionFormSet,
    EditorChoices,
    GuestForm,
    ItemForm,
    ItemRowFormSet,
    JusteringOutsideForm,
    MeetingCreateForm,
    MeetingHeadForm,
    PresenterFormSet,
    ReviewForm,
    editor_people,
    keep_upload,
)
from .models import (
    AgendaItem,
    AgendaItemPresenter,
    Attachment,
    Decision,
    Meeting,
)

LIST_LIMIT = 300


def error_summary(*forms) -> list[tuple[str, str]]:
    """(field id, message) for every error on the page, for the summary at its top."""
    summary: list[tuple[str, str]] = []
    flat = []
    for form in forms:
        flat.extend(getattr(form, "forms", [form]))
        if hasattr(form, "non_form_errors"):
            summary.extend(("", str(e)) for e in form.non_form_errors())
    for form in flat:
        if not form.is_bound or not form.errors:
            continue
        row = getattr(form, "row_label", "")
        for name, errors in form.errors.items():
            field_id = form[name].auto_id if name in form.fields else ""
            label = form.fields[name].label if name in form.fields else ""
            if row:
                label = f"{row}, {label}" if label else row
            for error in errors:
                summary.append((field_id, f"{label}: {error}" if label else str(error)))
    return summary


def editable_meeting(request: HttpRequest, pk: int, prefetch: list[str] | None = None) -> Meeting:
    meetings = Meeting.objects.select_related("forum", "chair").prefetch_related(*(prefetch or []))
    meeting = get_object_or_404(meetings, pk=pk)
    if not can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


@minutes_keeper_required
def minutes_list(request: HttpRequest) -> HttpResponse:
    """The meetings the user keeps the minutes of, the unfinished ones first."""
    forums = editable_forum_ids(request.user)
    meetings = Meeting.objects.select_related("forum").annotate(item_count=Count("items"))
    if forums is not None:
        meetings = meetings.filter(forum_id__in=forums)
    unfinished = DbCase(
        When(status=Meeting.Status.PUBLISHED, then=1), default=0, output_field=IntegerField()
    )
    meetings = meetings.order_by(unfinished, "-date", "forum__name")[:LIST_LIMIT]
    return render(
        request, "meetings/edit/minutes_list.html", {"meetings": meetings, "limit": LIST_LIMIT}
    )


@minutes_keeper_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    forums = editable_forum_ids(request.user)
    form = MeetingCreateForm(request.POST or None, forum_ids=forums)
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.create_meeting(
                forum=data["forum"],
                date=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                place=data["place"],
                registration_number=data["registration_number"],
                chair=data["chair"],
                user=request.user,
            )
        except services.MeetingExists as error:
            form.add_error("date", error.message)
            existing = error.meeting
        else:
            messages.success(
                request,
                _("The meeting was created with the forum's standard items. Tick attendance."),
            )
            return redirect("meeting_edit", meeting.pk)
    return render(
        request, "meetings/edit/meeting_create.html", {"form": form, "existing": existing}
    )


def _attendance_rows(meeting: Meeting) -> list[dict]:
    """Members and earlier-added guests, grouped by principal with the region first."""
    rows: dict[int, dict] = {}
    for a in meeting.attendances.select_related("person", "principal"):
        rows[a.person_id] = {
            "person": a.person,
            "principal": a.principal,
            "initial": {"person": a.person_id, "present": a.present, "role": a.role},
        }
    memberships = Membership.objects.filter(
        forum=meeting.forum_id, end_date__isnull=True
    ).select_related("person", "principal")
    for m in memberships:
        if m.person_id not in rows:
            rows[m.person_id] = {
                "person": m.person,
                "principal": m.principal,
                "initial": {"person": m.person_id, "present": False, "role": m.role},
            }
    return sorted(
        rows.values(),
        key=lambda r: (
            r["principal"].position if r["principal"] else 999,
            r["principal"].short_name if r["principal"] else "",
            r["person"].name,
        ),
    )


def _attendance_forms(request, meeting, rows, choices):
    data = request.POST if request.method == "POST" else None
    # A member who joined the forum after the page was loaded has no row in the posted
    # form; their row is shown again unticked instead of failing the whole form.
    forms = [
        AttendanceForm(
            data if data is not None and f"att-{row['person'].pk}-person" in data else None,
            prefix=f"att-{row['person'].pk}",
            initial=row["initial"],
            label=row["person"].name,
            principal_id=row["principal"].pk if row["principal"] else None,
        )
        for row in rows
    ]
    for form, row in zip(forms, rows, strict=True):
        form.row = row
    guest_count = 3
    if data is not None:
        posted = data.get("guest-count", "")
        guest_count = min(int(posted), 50) if posted.isdigit() else guest_count
    guests = [
        GuestForm(
            data,
            prefix=f"guest-{i}",
            choices=choices,
            empty_permitted=True,
            use_required_attribute=False,
        )
        for i in range(guest_count)
    ]
    return forms, guests


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole meeting on one page: head, attendance and the list of items."""
    meeting = editable_meeting(request, pk, prefetch=["justerare"])
    choices = EditorChoices.for_meeting(meeting)
    items = list(
        meeting.items.annotate(decision_count=Count("decisions")).order_by("position", "id")
    )
    rows = _attendance_rows(meeting)
    people = editor_people(meeting, rows=[r["person"] for r in rows])
    data = request.POST if request.method == "POST" else None
    head = MeetingHeadForm(
        data,
        instance=meeting,
        people=people,
        initial={"version": meeting.version},
    )
    attendance, guests = _attendance_forms(request, meeting, rows, choices)
    renumber = data is not None and "renumber" in data
    item_rows = ItemRowFormSet(
        data,
        prefix="items",
        items=items,
        renumber=renumber,
        initial=[
            {
                "id": i.pk,
                "position": i.position,
                "number": i.number,
                "title": i.title,
                "kind": i.kind,
            }
            for i in items
        ],
    )
    conflict = False
    if data is not None:
        valid = all(
            [
                head.is_valid(),
                all(f.is_valid() for f in attendance if f.is_bound),
                all(g.is_valid() for g in guests),
                item_rows.is_valid(),
            ]
        )
        if valid:
            principals = {p.pk: p for p in Principal.objects.all()}
            people_by_pk = {r["person"].pk: r["person"] for r in rows}
            attendance_rows = [
                services.AttendanceRow(
                    person=people_by_pk[f.cleaned_data["person"]],
                    present=f.cleaned_data["present"],
                    role=f.cleaned_data["role"],
                    principal=principals.get(f.principal_id),
                    remove=f.cleaned_data["remove"],
                )
                for f in attendance
                if f.is_bound and f.cleaned_data["person"] in people_by_pk
            ]
            attendance_rows += [
                services.AttendanceRow(
                    person=None,
                    name=g.cleaned_data["name"],
                    title=g.cleaned_data["title"],
                    principal=principals.get(g.cleaned_data["principal"]),
                    organisation=g.cleaned_data["organisation"],
                    role=g.cleaned_data["role"],
                    present=True,
                )
                for g in guests
                if g.cleaned_data.get("name", "").strip()
            ]
            attendance_rows += [
                services.AttendanceRow(person=None, name=name, role=Role.MEMBER, present=True)
                for name in head.cleaned_data["pasted_names"]
            ]
            item_changes = []
            # A new row with no place in the order goes before Övriga frågor.
            tail = services.closing_tail(meeting)
            before_tail = tail[0].position - 1 if tail else 999
            for form in item_rows.forms:
                cd = form.cleaned_data
                if not cd:
                    continue
                item = item_rows.by_pk.get(cd.get("id")) or AgendaItem(meeting=meeting)
                if item.pk is None and cd.get("DELETE"):
                    continue
                position = cd["position"] if cd["position"] is not None else before_tail
                item.position, item.number = position, cd["number"] or ""
                item.title, item.kind = cd["title"], cd["kind"]
                item_changes.append(services.ItemRow(item=item, delete=bool(cd.get("DELETE"))))
            status_before = meeting.status
            try:
                services.save_meeting(
                    meeting=head.save(commit=False),
                    version=head.cleaned_data["version"],
                    user=request.user,
                    justerare=list(head.cleaned_data["justerare"]),
                    attendance=attendance_rows,
                    items=item_changes,
                    renumber=renumber,
                    reason=head.cleaned_data.get("reason", ""),
                )
            except services.EditConflict as error:
                conflict = True
                head.add_error(None, error.message)
                _take_current_version(head, meeting)
            except services.MinutesError as error:
                head.add_error(None, error.message)
            else:
                messages.success(request, _("The meeting was saved."))
                _tell_if_back_to_draft(request, status_before, meeting)
                if renumber or getattr(meeting, "renumbered", False):
                    messages.info(request, _("The items were renumbered in their order."))
                return redirect(reverse("meeting_edit", args=[meeting.pk]) + "#items")
        if not conflict:
            messages.error(request, _("The meeting was not saved. Correct the marked fields."))
    return render(
        request,
        "meetings/edit/meeting_edit.html",
        {
            "meeting": meeting,
            "head": head,
            "attendance": attendance,
            "guests": guests,
            "item_rows": item_rows,
            "items": items,
            "conflict": conflict,
            "saved": request.method == "GET",
            "errors": error_summary(head, *attendance, *guests, item_rows) if data else [],
        },
    )


def _tell_if_back_to_draft(request: HttpRequest, before: str, meeting: Meeting) -> None:
    if before != meeting.status and meeting.status == Meeting.Status.MINUTES_DRAFT:
        messages.warning(
            request,
            _("The minutes were changed during justering and are a draft again: send them again."),
        )


def _take_current_version(form, meeting: Meeting) -> None:
    """After a conflict the form keeps the user's text but carries the version now stored,
    so that saving again is a deliberate choice made after being told."""
    current = Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)
    data = form.data.copy()
    data[form.add_prefix("version")] = str(current)
    form.data = data


def _decision_initial(decisions: list[Decision]) -> list[dict]:
    initial = []
    for d in decisions:
        row = {
            "id": d.pk,
            "text": d.text,
            "kind": d.kind,
            "referred_to": d.referred_to_id,
            "requires_identical": d.requires_identical,
            "answers": d.answers_id,
            "ORDER": d.position,
        }
        if d.a_id:
            row.update(
                assignee_forum=d.a_forum,
                assignee_principal=d.a_principal,
                assignee_text=d.a_text,
                assignment_description="" if d.a_description == d.text else d.a_description,
                due_date=d.a_due,
                report_to_forum=d.a_report_to,
            )
        initial.append(row)
    return initial


def _item_decisions(item: AgendaItem) -> list[Decision]:
    if item.pk is None:
        return []
    # The assignment of each clause comes along in the same query.
    rows = item.decisions.annotate(
        a_id=F("assignments__id"),
        a_forum=F("assignments__assignee_forum"),
        a_principal=F("assignments__assignee_principal"),
        a_text=F("assignments__assignee_text"),
        a_description=F("assignments__description"),
        a_due=F("assignments__due_date"),
        a_report_to=F("assignments__report_to_forum"),
    ).order_by("position", "assignments__id")
    seen: dict[int, Decision] = {}
    for d in rows:
        seen.setdefault(d.pk, d)
    return list(seen.values())


@login_required
def item_edit(request: HttpRequest, pk: int, item_pk: int | None = None) -> HttpResponse:
    """One agenda item: its text, presenters, att-clauses and attachments."""
    if item_pk is None:
        meeting = editable_meeting(request, pk)
        item = AgendaItem(meeting=meeting, kind=AgendaItem.Kind.DECISION)
        item.number = services.new_item_number(meeting)
    else:
        item = get_object_or_404(
            AgendaItem.objects.select_related("meeting__forum", "case"), pk=item_pk, meeting=pk
        )
        meeting = item.meeting
        if not can_edit_meeting(request.user, meeting):
            raise PermissionDenied
    choices = EditorChoices.for_meeting(meeting, item=item, user=request.user)
    decisions = _item_decisions(item)
    presenters = (
        list(AgendaItemPresenter.objects.filter(item=item).select_related("person", "forum"))
        if item.pk
        else []
    )
    all_attachments = list(Attachment.objects.filter(meeting=meeting))
    attachments = [a for a in all_attachments if item.pk and a.item_id == item.pk]
    next_number = services.suggested_attachment_number(item, all_attachments)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ItemForm(data, instance=item, choices=choices, initial={"version": meeting.version})
    presenter_forms = PresenterFormSet(
        data,
        prefix="presenters",
        form_kwargs={"choices": choices},
        initial=[
            {"name": p.person.name if p.person_id else "", "title": p.title, "forum": p.forum_id}
            for p in presenters
        ],
    )
    decision_forms = DecisionFormSet(
        data,
        prefix="decisions",
        form_kwargs={"choices": choices},
        valid_ids={d.pk for d in decisions},
        initial=_decision_initial(decisions),
    )
    attachment_forms = AttachmentFormSet(
        data,
        files,
        prefix="attachments",
        initial=[{"number": next_number}],
    )
    conflict = False
    if data is not None:
        valid = all(
            [
                form.is_valid(),
                presenter_forms.is_valid(),
                decision_forms.is_valid(),
                attachment_forms.is_valid(),
            ]
        )
        if valid:
            changes = _item_changes(
                item, choices, presenter_forms, decision_forms, attachment_forms, data, attachments
            )
            edited = form.save(commit=False)
            edited.case = form.cleaned_data["case_choice"]
            status_before = meeting.status
            try:
                services.save_item(
                    item=edited,
                    version=form.cleaned_data["version"],
                    user=request.user,
                    changes=changes,
                    reason=form.cleaned_data.get("reason", ""),
                )
            except services.EditConflict as error:
                conflict = True
                form.add_error(None, error.message)
                _take_current_version(form, meeting)
            except services.MinutesError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Item %(number)s was saved.") % {"number": edited.number},
                )
                _tell_if_back_to_draft(request, status_before, edited.meeting)
                if "save_and_next" in data:
                    following = services.next_item(edited)
                    if following is not None:
                        return redirect("meeting_item_edit", meeting.pk, following.pk)
                    return redirect("meeting_item_create", meeting.pk)
                if "save_and_back" in data:
                    return redirect(reverse("meeting_edit", args=[meeting.pk]) + "#items")
                return redirect("meeting_item_edit", meeting.pk, edited.pk)
        if not conflict:
            messages.error(request, _("The item was not saved. Correct the marked fields."))
            _keep_valid_uploads(attachment_forms)
    return render(
        request,
        "meetings/edit/item_edit.html",
        {
            "meeting": meeting,
            "item": item,
            "form": form,
            "presenter_forms": presenter_forms,
            "decision_forms": decision_forms,
            "attachment_forms": attachment_forms,
            "attachments": attachments,
            "choices": choices,
            "conflict": conflict,
            "saved": request.method == "GET",
            "errors": (
                error_summary(form, presenter_forms, decision_forms, attachment_forms)
                if data
                else []
            ),
        },
    )


def _keep_valid_uploads(attachment_forms) -> None:
    """Files that passed their checks are kept while the secretary corrects the rest."""
    for form in attachment_forms.forms:
        uploaded = form.files.get(form.add_prefix("file"))
        if uploaded is None or "file" in form.errors:
            continue
        form.data = form.data.copy()
        form.data[form.add_prefix("kept")] = keep_upload(uploaded)


def _item_changes(item, choices, presenter_forms, decision_forms, attachment_forms, data, current):
    forum_objects = {
        f.pk: f for f in Forum.objects.filter(pk__in=[pk for pk, _n in choices.forums])
    }
    principals = {p.pk: p for p in Principal.objects.all()}
    changes = services.ItemChanges(new_case_title=data.get("new_case_title", ""))
    for f in presenter_forms.forms:
        cd = f.cleaned_data
        if not cd or cd.get("DELETE") or not (cd.get("name") or cd.get("forum")):
            continue
        changes.presenters.append(
            services.PresenterRow(
                name=cd.get("name") or "",
                forum=forum_objects.get(cd.get("forum")),
                title=cd.get("title") or "",
            )
        )
    by_pk = {d.pk: d for d in Decision.objects.filter(item=item)} if item.pk else {}
    ordered = sorted(
        enumerate(decision_forms.forms),
        key=lambda pair: (
            pair[1].cleaned_data.get("ORDER") is None,
            pair[1].cleaned_data.get("ORDER") or 0,
            pair[0],
        ),
    )
    for _index, f in ordered:
        cd = f.cleaned_data
        if not cd or not (cd.get("text") or cd.get("id")):
            continue
        decision = by_pk.get(cd.get("id")) or Decision()
        if decision.pk is None and (cd.get("DELETE") or not cd.get("text")):
            continue
        if cd.get("DELETE") or not cd.get("text"):
            changes.decisions.append(services.DecisionRow(decision=decision, delete=True))
            continue
        decision.text = cd["text"]
        decision.kind = cd["kind"]
        decision.referred_to = forum_objects.get(cd.get("referred_to"))
        decision.requires_identical = bool(cd.get("requires_identical"))
        decision.answers_id = cd.get("answers")
        assignment = None
        if decision.kind == Decision.Kind.ASSIGNED:
            assignment = services.AssignmentData(
                assignee_forum=forum_objects.get(cd.get("assignee_forum")),
                assignee_principal=principals.get(cd.get("assignee_principal")),
                assignee_text=cd.get("assignee_text") or "",
                description=cd.get("assignment_description") or "",
                due_date=cd.get("due_date"),
                report_to_forum=forum_objects.get(cd.get("report_to_forum")),
            )
        changes.decisions.append(services.DecisionRow(decision=decision, assignment=assignment))
    for f in attachment_forms.forms:
        cd = f.cleaned_data
        if cd and cd.get("file"):
            changes.new_attachments.append(
                services.NewAttachment(
                    number=cd.get("number") or services.next_attachment_number(item.meeting),
                    title=cd["title"],
                    file=cd["file"],
                )
            )
    removed = set(data.getlist("remove_attachment"))
    changes.removed_attachments = [a for a in current if str(a.pk) in removed]
    return changes


def _workflow(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    meeting = editable_meeting(request, pk)
    try:
        action(meeting=meeting, user=request.user)
    except services.MinutesError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("meeting_workflow", meeting.pk)


@login_required
@require_POST
def meeting_send_for_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(
        request, pk, services.send_for_review, _("The minutes were sent for approval.")
    )


@login_required
@require_POST
def meeting_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, services.approve, _("The minutes are approved."))


@login_required
@require_POST
def meeting_return_to_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, services.return_to_draft, _("The minutes are a draft again."))


@login_required
@require_POST
def meeting_publish(request: HttpRequest, pk: int) -> HttpResponse:
    # Publishing tells every member and the principals' representatives by e-mail: it is
    # done only when the secretary has ticked that she means it.
    if request.POST.get("confirm") != "1":
        editable_meeting(request, pk)
        messages.error(
            request,
            _("The minutes were not published. Tick the box to confirm, then publish."),
        )
        return redirect("meeting_workflow", pk)
    return _workflow(request, pk, services.publish, _("The minutes are published."))


def _publish_reach(meeting: Meeting) -> dict:
    """Whom publishing tells: the forum's members, and whether recommendations go out."""
    from meetings.notifications import forum_people

    return {
        "members": forum_people(meeting).count(),
        "recommendations": Decision.objects.for_adoption().filter(item__meeting=meeting).count(),
    }


def _workflow_page(
    request: HttpRequest,
    meeting: Meeting,
    outside_form=None,
    review_form=None,
    status: int = 200,
) -> HttpResponse:
    justerare = list(meeting.justerare.all())
    reviewer = next((p for p in justerare if p.user_id == request.user.pk), None)
    can_edit = can_edit_meeting(request.user, meeting)
    # A justerare follows the minutes through justering, and sees them approved.
    if not can_edit and not follows_review(meeting, reviewer is not None):
        raise PermissionDenied
    in_review = meeting.status == Meeting.Status.IN_REVIEW
    pending = services.pending_justerare(meeting) if in_review else []
    # One who has approved this round is told so, and not asked again.
    reviewer_done = bool(reviewer) and (not in_review or reviewer not in pending)
    if can_edit and in_review and pending and outside_form is None:
        outside_form = JusteringOutsideForm(reviewers=pending)
    return render(
        request,
        "meetings/edit/meeting_workflow.html",
        {
            "meeting": meeting,
            "justerare": justerare,
            "can_edit": can_edit,
            "reviewer": reviewer if in_review and not reviewer_done else None,
            "reviewer_done": reviewer_done,
            "reviews": meeting.reviews.select_related("reviewer", "recorded_by__person"),
            "pending": pending,
            "corrections": services.corrections(meeting),
            "statuses": Meeting.Status,
            "draft_statuses": services.DRAFT_STATUSES,
            "review_form": review_form or ReviewForm(),
            "told": _publish_reach(meeting) if meeting.status == Meeting.Status.APPROVED else None,
            "outside_form": outside_form if can_edit and in_review else None,
        },
        status=status,
    )


def _workflow_meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("forum").prefetch_related("justerare", "reviews"), pk=pk
    )


@login_required
def meeting_workflow(request: HttpRequest, pk: int) -> HttpResponse:
    """Justering and publishing: where the minutes stand, and the next step."""
    return _workflow_page(request, _workflow_meeting(pk))


@login_required
@require_POST
def meeting_record_justering(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary records a justering made on paper or by e-mail."""
    meeting = editable_meeting(request, pk)
    meeting = _workflow_meeting(meeting.pk)
    form = JusteringOutsideForm(request.POST, reviewers=list(meeting.justerare.all()))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_justering_outside(
                meeting=meeting,
                reviewer=next(p for p in meeting.justerare.all() if p.pk == data["reviewer"]),
                method=data["method"],
                reviewed_on=data["reviewed_on"],
                note=data["note"],
                user=request.user,
            )
        except services.MinutesError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The justering was recorded."))
            return redirect("meeting_workflow", meeting.pk)
    messages.error(request, _("The justering was not recorded. Correct the marked fields."))
    return _workflow_page(request, _workflow_meeting(pk), outside_form=form, status=400)


@login_required
@require_POST
def meeting_review(request: HttpRequest, pk: int) -> HttpResponse:
    """A chosen justerare approves the minutes or comments on them."""
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    reviewer = Person.objects.filter(user=request.user).first()
    if reviewer is None or not meeting.justerare.filter(pk=reviewer.pk).exists():
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        # Recorded with what the justerare wrote, or not at all: a comment the form refused
        # was recorded as an approval without it.
        messages.error(
            request, _("Your approval or comment was not sent. Correct the marked field.")
        )
        return _workflow_page(request, _workflow_meeting(meeting.pk), review_form=form, status=400)
    try:
        services.record_review(
            meeting=meeting,
            reviewer=reviewer,
            approved="approve" in request.POST,
            comment=form.cleaned_data.get("comment", ""),
            user=request.user,
        )
    except services.MinutesError as error:
        messages.error(request, error.message)
    else:
        if "approve" in request.POST:
            messages.success(request, _("You approved the minutes."))
        else:
            messages.success(request, _("Your comment was sent to the secretary."))
    meeting.refresh_from_db(fields=["status"])
    if meeting.status in JUSTERARE_READS or can_edit_meeting(request.user, meeting):
        return redirect("meeting_workflow", meeting.pk)
    # Approved minutes are the secretary's again until they are published.
    return redirect("home")
