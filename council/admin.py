from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from council.models import Forum, ForumName, Membership, Person, Principal, StandingItem


@admin.register(Principal)
class PrincipalAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "name", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


class ForumNameInline(admin.TabularInline):
    model = ForumName
    extra = 0


class StandingItemInline(admin.TabularInline):
    model = StandingItem
    fk_name = "forum"
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "chain_level", "parent", "chooses_justerare", "active"]
    list_filter = ["kind", "active", "chooses_justerare"]
    search_fields = ["name", "code", "former_names__name"]
    inlines = [ForumNameInline, StandingItemInline, MembershipInline]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "principal", "organisation", "active"]
    list_filter = ["active", "principal"]
    search_fields = ["name", "title", "organisation"]
    list_select_related = ["principal"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "forum", "role", "principal", "start_date", "end_date"]
    list_filter = ["forum", "role", "principal"]
    search_fields = ["person__name", "forum__name"]
    autocomplete_fields = ["person"]
    list_select_related = ["person", "forum", "principal"]


admin.site.site_header = _("Decision register – administration")
admin.site.site_title = _("Decision register")
admin.site.index_title = _("Administration")
