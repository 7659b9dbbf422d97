"""Admin tools for accounts: the district → street → community tree as a snippet.

The user screens (with the staff facts HR maintains) come from accounts.viewsets via
accounts.apps.CustomUsersAppConfig.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import OrgUnit


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
