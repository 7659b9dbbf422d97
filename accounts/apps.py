from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    # This module holds two AppConfigs; this one is what "accounts" means.
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import signals

        post_migrate.connect(
            signals.sync_roles_after_migrate, dispatch_uid="accounts.sync_roles"
        )
        signals.connect_password_signals()
        self._translate_group_names()

    @staticmethod
    def _translate_group_names() -> None:
        # Group names are the role keys (English); people see them translated, in
        # the admin's group lists and the user forms' group choices alike.
        from django.contrib.auth.models import Group

        from .roles import role_label

        Group.__str__ = lambda group: role_label(group.name)


class CustomUsersAppConfig(WagtailUsersAppConfig):
    """Replaces "wagtail.users" in INSTALLED_APPS so HR edits staff facts there."""

    default = False
    user_viewset = "accounts.viewsets.UserViewSet"
