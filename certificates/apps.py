from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

#: Editors define certificate types and issuers (accounts.roles does not list
#: certificates for them; granted here, add-only, after every migrate).
EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("certificatetype", "issuer", "requirement")
    for action in ("add", "change", "delete", "view")
]


def _grant_editors(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    from accounts.roles import EDITORS

    group = Group.objects.filter(name=EDITORS).first()
    if group is None:
        return
    perms = Permission.objects.filter(
        content_type__app_label="certificates", codename__in=EDITOR_PERMISSIONS
    )
    group.permissions.add(*perms)


class CertificatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects signal receivers)

        post_migrate.connect(
            _grant_editors, sender=self, dispatch_uid="certificates.grant_editors"
        )
