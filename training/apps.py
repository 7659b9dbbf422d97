from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from .models import Booklet

        post_delete.connect(
            _booklet_deleted, sender=Booklet, dispatch_uid="training.booklet_file"
        )


def _booklet_deleted(sender, instance, **kwargs) -> None:
    # Also when a page is deleted: its booklets go by cascade, their files here.
    if instance.file:
        from .services import booklet_file_delete

        booklet_file_delete(name=instance.file.name, storage=instance.file.storage)
