from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from council.converters import IdConverter
from council.csp import csp_report
from council.views import accessibility_statement
from meetings import attachments as attachment_views
from people.forms import (
    LoginForm,
    NewPasswordForm,
    OutboxPasswordResetForm,
    OwnPasswordChangeForm,
)

# Every app's addresses take ids as <id:…>: registered here, before their URLconfs load.
register_converter(IdConverter, "id")

urlpatterns = [
    path("", include("register.urls")),
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
