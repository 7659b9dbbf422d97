from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = _("Site pages")

    def ready(self) -> None:
        from .csv_export import protect_wagtail_exports
        from .pagecache import connect_signals

        protect_wagtail_exports()  # every Wagtail CSV export neutralises formulas
        connect_signals()
