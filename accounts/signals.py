"""Signal receivers: keep role permissions in sync; clear the must-change flag."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.db import connections


def sync_roles_after_migrate(sender, app_config=None, using="default", apps=None, **kw):
    """After each app's post_migrate, grant role permissions that now exist.

    Our receiver may run before django.contrib.auth's for the same app, so create that
    app's permissions first (idempotent), then sync every role.
    """
    from .roles import sync_roles

    needed = {"auth_group", "auth_permission", "wagtailcore_page"}
    if not needed <= set(connections[using].introspection.table_names()):
        return  # a partial migrate (e.g. to an early target): nothing to sync yet
    if app_config is not None and app_config.models_module is not None:
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()


def clear_must_change_password(sender=None, request=None, user=None, **kwargs):
    if user is None or not getattr(user, "must_change_password", False):
        return
    from .usercache import forget

    get_user_model().objects.filter(pk=user.pk).update(must_change_password=False)
    forget(user.pk)  # an update() sends no post_save
    user.must_change_password = False
    if request is not None:
        # The one-time password is gone: the adapter sends the person home.
        request.replaced_one_time_password = True


def connect_password_signals() -> None:
    from allauth.account import signals as account_signals

    for signal in (
        account_signals.password_changed,
        account_signals.password_set,
        account_signals.password_reset,
    ):
        signal.connect(
            clear_must_change_password, dispatch_uid=f"accounts.clear_{id(signal)}"
        )


def forget_roles_on_group_change(
    sender, instance=None, action="", reverse=False, pk_set=None, **kwargs
):
    """m2m_changed on User.groups: drop the cached role names of whoever changed."""
    from .roles import forget_roles

    if not action.startswith("post_"):
        return
    if reverse:  # group.user_set.add(...): the users are in pk_set (or all on clear)
        forget_roles(user_ids=list(pk_set) if pk_set else None)
    else:
        forget_roles(user_ids=[instance.pk])


def forget_all_roles(sender, action="post_", **kwargs):
    """A group renamed or deleted, or its permissions changed: every cached role
    name (and admin access) may be wrong."""
    from .roles import forget_roles

    if action.startswith("post_"):
        forget_roles()


def forget_totp(sender, instance, **kwargs):
    """An authenticator added or removed: the required-steps check asks again."""
    from .mfa_required import forget_totp as forget

    forget(user_id=instance.user_id)
