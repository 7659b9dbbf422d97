"""The outbox: one row per cross-app event, written in the transaction of the change."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEvent(models.Model):
    """An event to deliver at least once.

    ``signal`` is the dotted path of a ``django.dispatch.Signal``; ``payload`` its
    keyword arguments. ``claimed_until`` is a short lease so two relays never deliver
    the same event at the same moment; ``delivered_at`` is set once every receiver
    succeeded.
    """

    signal = models.CharField(_("signal"), max_length=200)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("delivery attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(delivered_at__isnull=True),
                name="events_outbox_pending",
            )
        ]

    def __str__(self) -> str:
        state = "delivered" if self.delivered_at else "pending"
        return f"{self.signal} #{self.pk} ({state})"
