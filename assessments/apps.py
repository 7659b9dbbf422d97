from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects signal receivers)

        try:
            from training.completion import register_requirement
        except ImportError:  # pragma: no cover - training without the seam
            return
        from .selectors import passed_linked_test

        register_requirement(passed_linked_test)
