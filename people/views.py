"""People and accounts for administrators and secretaries, the account page, and the outbox."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import mail, permissions
from council.models import EmailKind, Membership, OutboxMessage, Person, Representation
from people import services
from people.forms import (
    EmailChoicesForm,
    InviteForm,
    MembershipForm,
    NewPasswordForm,
    OwnPersonForm,
    PeopleSearchForm,
    PersonForm,
    RepresentationForm,
)
from people.history import person_history
from people.models import Invitation

PAGE_SIZE = 50


people_manager_required = permissions.people_manager_required
administrator_required = permissions.account_administrator_required


def managed_person_or_404(request: HttpRequest, pk: int) -> Person:
    person = get_object_or_404(Person.objects.select_related("principal", "user"), pk=pk)
    if not permissions.can_manage_person(request.user, person):
        raise PermissionDenied
    return person


@people_manager_required
def people_list(request: HttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET or None)
    people = Person.objects.select_related("principal", "user").order_by("name", "pk")
    rule = permissions.managed_people_q(request.user)
    if rule is not None:
        people = people.filter(pk__in=Person.objects.filter(rule).values("pk"))
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            people = people.filter(Q(name__icontains=query) | Q(email__icontains=query))
        if form.cleaned_data["forum"]:
            people = people.filter(
                pk__in=Membership.objects.filter(
                    forum=form.cleaned_data["forum"], end_date__isnull=True
                ).values("person")
            )
    current = Membership.objects.filter(end_date__isnull=True).select_related("forum")
    open_invitations = Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")
    representing = Representation.objects.current().select_related("principal")
    people = people.prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="current_memberships"),
        Prefetch("representations", queryset=representing, to_attr="current_representations"),
        Prefetch("invitations", queryset=open_invitations, to_attr="open_invitations"),
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "people/people_list.html",
        {
            "form": form,
            "page": page,
            "querystring": querystring.urlencode(),
            "can_create": permissions.can_administer_accounts(request.user),
        },
    )


@administrator_required
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(user=request.user, **form.cleaned_data)
        except services.PeopleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.name})
            return redirect("person_detail", person.pk)
    status = 400 if form.is_bound else 200
    return render(request, "people/person_create.html", {"form": form}, status=status)


@administrator_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a person's name, title, principal, organisation and e-mail address."""
    person = managed_person_or_404(request, pk)
    initial = {
        "name": person.name,
        "title": person.title,
        "principal": person.principal,
        "organisation": person.organisation,
        "email": person.email,
    }
    stamp = request.POST.get("stamp") or services.person_stamp(person)
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(
                person=person, user=request.user, stamp=stamp, **form.cleaned_data
            )
        except services.PeopleError as error:
            form.add_error(None, error.message)
            person.refresh_from_db()
            stamp = services.person_stamp(person)  # the next save is made seeing theirs
        else:
            messages.success(
                request, _("%(name)s was saved.") % {"name": form.cleaned_data["name"]}
            )
            return redirect("person_detail", person.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "people/person_edit.html",
        {"form": form, "person": person, "stamp": stamp},
        status=status,
    )


def _detail(request: HttpRequest, person: Person, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    forum_ids = permissions.editable_forum_ids(user)
    memberships = list(
        person.memberships.filter(end_date__isnull=True).select_related("forum", "principal")
    )
    for membership in memberships:
        membership.can_end = permissions.can_give_role(user, membership.forum_id, membership.role)
    representations = list(
        Representation.objects.current().filter(person=person).select_related("principal")
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "representations": representations,
            "invitation": person.invitations.filter(
                accepted_at__isnull=True, expires_at__gt=timezone.now()
            ).first(),
            "invite_form": forms.get("invite_form") or InviteForm(initial={"email": person.email}),
            "membership_form": forms.get("membership_form") or MembershipForm(forum_ids=forum_ids),
            "representation_form": forms.get("representation_form") or RepresentationForm(),
            "may_administer": permissions.can_administer_accounts(user),
            "may_invite": permissions.can_invite(user, person),
        },
        status=status,
    )


@people_manager_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, managed_person_or_404(request, pk))


@people_manager_required
def person_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    """What happened to the person's record, roles and login, and who did it."""
    person = managed_person_or_404(request, pk)
    return render(
        request,
        "people/person_history.html",
        {"person": person, "history": person_history(person)},
    )


def _flag(request: HttpRequest, name: str) -> bool | None:
    return {"1": True, "0": False}.get(request.POST.get(name, ""))


def _bad_choice(request: HttpRequest, person: Person) -> HttpResponse:
    messages.error(request, _("The change could not be made: choose one of the buttons."))
    return redirect("person_detail", person.pk)


def _act(request: HttpRequest, person: Person, action, done: str) -> HttpResponse:
    try:
        action()
    except services.PeopleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("person_detail", person.pk)


@require_POST
@people_manager_required
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    person = managed_person_or_404(request, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _detail(request, person, status=400, invite_form=form)
    try:
        services.invite(person=person, email=form.cleaned_data["email"], user=request.user)
    except services.PeopleError as error:
        form.add_error("email", error.message)
        return _detail(request, person, status=400, invite_form=form)
    messages.success(
        request,
        _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
    )
    return redirect("person_detail", person.pk)


@require_POST
@people_manager_required
def membership_give(request: HttpRequest, pk: int) -> HttpResponse:
    person = managed_person_or_404(request, pk)
    form = MembershipForm(request.POST, forum_ids=permissions.editable_forum_ids(request.user))
    if not form.is_valid():
        return _detail(request, person, status=400, membership_form=form)
    data = form.cleaned_data
    try:
        services.give_membership(
            person=person,
            forum=data["forum"],
            role=data["role"],
            principal=data["principal"],
            user=request.user,
        )
    except services.PeopleError as error:
        form.add_error(None, error.message)
        return _detail(request, person, status=400, membership_form=form)
    messages.success(request, _("The role was given."))
    return redirect("person_detail", person.pk)


@require_POST
@people_manager_required
def membership_end(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    person = managed_person_or_404(request, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, person=person)
    return _act(
        request,
        person,
        lambda: services.end_membership(membership=membership, user=request.user),
        _("The role was ended."),
    )


@require_POST
@administrator_required
def representation_give(request: HttpRequest, pk: int) -> HttpResponse:
    person = managed_person_or_404(request, pk)
    form = RepresentationForm(request.POST)
    if not form.is_valid():
        return _detail(request, person, status=400, representation_form=form)
    return _act(
        request,
        person,
        lambda: services.give_representation(
            person=person, principal=form.cleaned_data["principal"], user=request.user
        ),
        _("The person now represents %(principal)s.")
        % {"principal": form.cleaned_data["principal"].name},
    )


@require_POST
@administrator_required
def representation_end(request: HttpRequest, pk: int, representation_pk: int) -> HttpResponse:
    person = managed_person_or_404(request, pk)
    representation = get_object_or_404(Representation, pk=representation_pk, person=person)
    return _act(
        request,
        person,
        lambda: services.end_representation(representation=representation, user=request.user),
        _("The role was ended."),
    )


@require_POST
@administrator_required
def person_administrator(request: HttpRequest, pk: int) -> HttpResponse:
    person = managed_person_or_404(request, pk)
    value = _flag(request, "administrator")
    if value is None:
        return _bad_choice(request, person)
    done = (
        _("%(name)s is an administrator.")
        if value
        else _("%(name)s is no longer an administrator.")
    )
    return _act(
        request,
        person,
        lambda: services.set_administrator(person=person, administrator=value, user=request.user),
        done % {"name": person.name},
    )


@require_POST
@administrator_required
def person_active(request: HttpRequest, pk: int) -> HttpResponse:
    person = managed_person_or_404(request, pk)
    value = _flag(request, "active")
    if value is None:
        return _bad_choice(request, person)
    if not value and request.POST.get("confirm") != "1":
        messages.error(
            request,
            _("%(name)s was not deactivated. Tick the box to confirm, then deactivate.")
            % {"name": person.name},
        )
        return redirect("person_detail", person.pk)
    done = (
        _("%(name)s was activated.")
        if value
        else _("%(name)s was deactivated and can no longer log in.")
    )
    return _act(
        request,
        person,
        lambda: services.set_active(person=person, active=value, user=request.user),
        done % {"name": person.name},
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation: choose a password, and the login is created."""
    try:
        invitation = services.open_invitation(token)
    except services.PeopleError as error:
        return render(request, "people/invitation_invalid.html", {"error": error}, status=404)
    candidate = invitation.person.user or get_user_model()(username=invitation.email)
    candidate.email = invitation.email
    form = NewPasswordForm(candidate, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.accept_invitation(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except services.PeopleError as error:
            return render(request, "people/invitation_invalid.html", {"error": error}, status=409)
        login(request, account, backend="council.backends.EmailOrUsernameBackend")
        messages.success(
            request,
            _("Welcome, %(name)s. From now on you log in with %(email)s and your password.")
            % {"name": invitation.person.name, "email": invitation.email},
        )
        return redirect("todo")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "people/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=status,
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """My account: which e-mails I receive, and a link to change my password."""
    person = Person.objects.filter(user=request.user).first()
    form = None
    if person is None:
        # An account made without the app (the first administrator) becomes a person of
        # the register here, to be named in the history and sent e-mail.
        own = OwnPersonForm(
            request.POST or None,
            initial={"name": request.user.get_full_name(), "email": request.user.email},
        )
        if request.method == "POST" and own.is_valid():
            person = services.create_own_person(user=request.user, **own.cleaned_data)
            messages.success(
                request, _("You are now %(name)s in the register.") % {"name": person.name}
            )
            return redirect("account")
        return render(request, "people/account.html", {"person": None, "own_form": own})
    if person is not None:
        wanted = [k for k in EmailKind.values if k not in (person.muted_emails or [])]
        form = EmailChoicesForm(request.POST or None, initial={"wanted": wanted})
        if request.method == "POST" and form.is_valid():
            services.set_email_choices(
                person=person, wanted=form.cleaned_data["wanted"], user=request.user
            )
            messages.success(request, _("Your choice of e-mail was saved."))
            return redirect("account")
    return render(request, "people/account.html", {"person": person, "form": form})


# --- the outbox ---------------------------------------------------------------------


@administrator_required
def outbox(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    messages_ = OutboxMessage.objects.select_related("person").defer("body")
    if state in OutboxMessage.State.values:
        messages_ = messages_.filter(state=state)
    page = Paginator(messages_, PAGE_SIZE).get_page(request.GET.get("page"))
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    return render(
        request,
        "people/outbox.html",
        {
            "page": page,
            "states": OutboxMessage.State.choices,
            "state": state,
            "querystring": f"state={state}" if state else "",
            "console": backend in {"console", "locmem", "dummy", "filebased"},
        },
    )


@administrator_required
def outbox_message(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage.objects.select_related("person"), pk=pk)
    return render(
        request,
        "people/outbox_message.html",
        {"message": message, "attachments": message.attachments.defer("content")},
    )


@require_POST
@administrator_required
def outbox_send_again(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage, pk=pk)
    if mail.send_again(message=message):
        messages.success(request, _("The e-mail will be sent again."))
    else:
        messages.error(request, _("The e-mail has been sent or is waiting to be sent already."))
    return redirect(reverse("outbox_message", args=[message.pk]))
