from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from agreements import views as agreement_views
from council.converters import IdConverter
from council.csp import csp_report
from council.views import accessibility_statement
from meetings import attachments as attachment_views
from meetings import views as meeting_views
from people.forms import (
    LoginForm,
    NewPasswordForm,
    OutboxPasswordResetForm,
    OwnPasswordChangeForm,
)

# Every app's addresses take ids as <id:…>: registered here, before their URLconfs load.
register_converter(IdConverter, "id")

urlpatterns = [
    path("", agreement_views.home, name="home"),
    path("beslut/", agreement_views.decision_list, name="decision_list"),
    path("beslut/csv/", agreement_views.decision_csv, name="decision_csv"),
    path("moten/<id:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("forum/", meeting_views.forum_list, name="forum_list"),
    path("forum/<str:code>/", meeting_views.forum_detail, name="forum_detail"),
    path("arenden/<id:pk>/", agreement_views.case_detail, name="case_detail"),
    path("overenskommelser/", agreement_views.agreement_list, name="agreement_list"),
    path("overenskommelser/<id:pk>/", agreement_views.agreement_detail, name="agreement_detail"),
    path("huvudman/", agreement_views.principal_list, name="principal_list"),
    path("huvudman/<slug:slug>/", agreement_views.principal_detail, name="principal_detail"),
    path("uppdrag/", meeting_views.assignment_list, name="assignment_list"),
    path("bilagor/<id:pk>/", attachment_views.attachment_download, name="attachment_download"),
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's own password views, with the site's templates in templates/registration/.
    path(
        "losenord/glomt/",
        auth_views.PasswordResetView.as_view(
            form_class=OutboxPasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "losenord/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "losenord/nytt/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "losenord/byt/",
        auth_views.PasswordChangeView.as_view(form_class=OwnPasswordChangeForm),
        name="password_change",
    ),
    path(
        "losenord/bytt/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("people.urls")),
    path("", include("meetings.edit_urls")),
    path("", include("feeds.urls")),
    path("", include("meetings.print_urls")),
    path("", include("agreements.adoption_urls")),
    path("dagordning/", include("agendas.urls")),
    path("import/", include("imports.urls")),
    path("admin/", admin.site.urls),
    path("csp-rapport/", csp_report, name="csp_report"),
    path("tillganglighet/", accessibility_statement, name="accessibility"),
]
