"""Append-only models: rows that are inserted once and never changed or deleted
(histories, ledgers, audit trails, decision records).

Shared by every app (it imports nothing but Django, so any app may use it without
breaking the one-way pipeline of DESIGN.md). A model subclasses
:class:`AppendOnlyModel` (abstract: no table, no migration) and may say what it raises
by overriding :meth:`AppendOnlyModel.append_only_error`, so each app keeps its own
exception and wording. Its default manager is :class:`AppendOnlyQuerySet`, so bulk
``update()``/``delete()`` are refused too. Corrections are new rows (reversals,
corrections) written by the owning app's services.
"""

from __future__ import annotations

from django.db import models


class AppendOnlyError(Exception):
    """A row of an append-only model was about to be changed or deleted."""


#: What was attempted, as append_only_error() receives it.
CHANGE, DELETE, UPDATE = "change", "delete", "update"


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk changes: ``qs.update(...)`` and ``qs.delete()`` raise."""

    def update(self, **kwargs):
        raise self.model.append_only_error(UPDATE)

    def delete(self):
        raise self.model.append_only_error(DELETE)


class AppendOnlyModel(models.Model):
    """Rows are inserted once (always with an INSERT) and never saved again or
    deleted; the default manager refuses bulk update/delete."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise self.append_only_error(CHANGE)
        if not kwargs.get("force_insert"):
            kwargs["force_insert"] = True  # never an UPDATE, even with a preset key
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise self.append_only_error(DELETE)

    @classmethod
    def append_only_error(cls, action: str) -> Exception:
        """The exception to raise when ``action`` (CHANGE, DELETE or UPDATE) is
        attempted; override to keep an app's own exception and message."""
        verb = "deleted" if action == DELETE else "changed"
        return AppendOnlyError(f"{cls.__name__} rows are never {verb}.")
