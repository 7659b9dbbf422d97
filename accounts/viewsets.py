"""Wagtail admin: the user screens carry the staff facts HR maintains.

HR holds add/change user permissions so it can keep the roster; that must not make HR
able to create administrators, give anyone a role, set a password on an account with
powers, or change its own grade. What the forms show follows ``accounts.roles``
(see accounts.forms._StaffFactsMixin); staff facts are saved through
``accounts.services.staff_facts_update`` so every change lands in the history.
The bulk actions (accounts.wagtail_hooks) ask the same predicates.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.users.views import users as wagtail_users

from accounts.models import STAFF_FACT_FIELDS
from accounts.roles import may_manage_account
from accounts.services import staff_facts_update

from .forms import WagtailUserCreationForm, WagtailUserEditForm


class _RoleAwareFormMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["actor"] = self.request.user
        return kwargs

    def save_instance(self):
        """Save the form, then the staff facts through the service (one transaction).

        The form has already run the model's checks on the new values; the service
        runs them again under a row lock and writes the history rows.
        """
        form = self.form
        facts = [f for f in STAFF_FACT_FIELDS if f in form.fields]
        instance = form.instance
        new_values = {f: getattr(instance, f) for f in facts}
        before = self._facts_before
        with transaction.atomic():
            for field in facts:
                setattr(instance, field, before.get(field))
            saved = super().save_instance()
            changes = {f: v for f, v in new_values.items() if before.get(f) != v}
            if changes:
                staff_facts_update(actor=self.request.user, user=saved, **changes)
        return saved


def _facts_of(user) -> dict:
    return {
        f: (user.org_unit if f == "org_unit" else getattr(user, f))
        for f in STAFF_FACT_FIELDS
    }


class CreateView(_RoleAwareFormMixin, wagtail_users.CreateView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._facts_before = _facts_of(self.model())


class EditView(_RoleAwareFormMixin, wagtail_users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        if not request.user.is_superuser and not (
            self.editing_self or may_manage_account(request.user, self.object)
        ):
            raise PermissionDenied
        self._facts_before = _facts_of(self.object)


class UserViewSet(wagtail_users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update=False):
        return WagtailUserEditForm if for_update else WagtailUserCreationForm
