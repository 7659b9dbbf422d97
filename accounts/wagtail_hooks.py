"""Admin tools for accounts: the district → street → community tree as a snippet, and
the user bulk actions guarded like the user edit view.

The user screens (with the staff facts HR maintains) come from accounts.viewsets via
accounts.apps.CustomUsersAppConfig.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users.views.bulk_actions import (
    AssignRoleBulkAction,
    DeleteBulkAction,
    SetActiveStateBulkAction,
)

from .models import OrgUnit
from .roles import may_manage_account


class OrgUnitViewSet(SnippetViewSet):
    model = OrgUnit
    icon = "site"
    menu_label = _("Communities")
    menu_name = "org-units"
    add_to_admin_menu = True
    menu_order = 650
    list_display = ["name", "kind", "parent", "help_phone"]
    list_filter = ["kind"]
    search_fields = ["name"]
    ordering = ["kind", "name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        FieldPanel("help_phone"),
        FieldPanel("address"),
    ]


register_snippet(OrgUnitViewSet)


# --- user bulk actions: the same rules as the edit view -------------------------------
#
# Wagtail registers its own "assign role", "set active state" and "delete" actions for
# the user model; registering ours under the same action types later (order=10)
# replaces them in Wagtail's bulk-action registry.


class GuardedAssignRoleBulkAction(AssignRoleBulkAction):
    """Only superusers give roles (groups); see accounts.roles."""

    def check_perm(self, obj):
        return bool(self.request.user.is_superuser)


class GuardedSetActiveStateBulkAction(SetActiveStateBulkAction):
    """Never on superusers (unless a superuser acts), never on oneself."""

    def check_perm(self, obj):
        return may_manage_account(self.request.user, obj)


class GuardedDeleteBulkAction(DeleteBulkAction):
    def check_perm(self, obj):
        return super().check_perm(obj) and may_manage_account(self.request.user, obj)


for _action in (
    GuardedAssignRoleBulkAction,
    GuardedSetActiveStateBulkAction,
    GuardedDeleteBulkAction,
):
    hooks.register("register_bulk_action", _action, order=10)
