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
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete, post_save

        m2m_changed.connect(
            signals.forget_roles_on_group_change,
            sender=get_user_model().groups.through,
            dispatch_uid="accounts.forget_roles",
        )
        # Admin access is cached with the roles (roles.may_access_admin).
        m2m_changed.connect(
            signals.forget_roles_on_group_change,
            sender=get_user_model().user_permissions.through,
            dispatch_uid="accounts.forget_roles.user_permissions",
        )
        m2m_changed.connect(
            signals.forget_all_roles,
            sender=Group.permissions.through,
            dispatch_uid="accounts.forget_roles.group_permissions",
        )
        from allauth.mfa.models import Authenticator

        for signal in (post_save, post_delete):
            signal.connect(
                signals.forget_totp,
                sender=Authenticator,
                dispatch_uid=f"accounts.forget_totp.{signal is post_save}",
            )
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from .middleware import carry_guest_choice_at_login
        from .usercache import forget_on_save, remember_at_login

        # At login: Django's last-login save first (connected here, before our own
        # receivers, with Django's dispatch_uid, so django.contrib.auth's ready —
        # later in INSTALLED_APPS — does not add it again), then the guest's display
        # choices carried into the account, then the cached row and role names, so
        # they are stored after every change the login makes to the user.
        user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(
            carry_guest_choice_at_login, dispatch_uid="accounts.carry_guest_choice"
        )
        user_logged_in.connect(remember_at_login, dispatch_uid="accounts.remember_user")

        for signal in (post_save, post_delete):
            # The cached user row (accounts.usercache) is stale from now on.
            signal.connect(
                forget_on_save,
                sender=get_user_model(),
                dispatch_uid=f"accounts.forget_user_row.{signal is post_save}",
            )
        for signal in (post_save, post_delete):
            signal.connect(
                signals.forget_all_roles,
                sender=Group,
                dispatch_uid=f"accounts.forget_all_roles.{signal is post_save}",
            )
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
