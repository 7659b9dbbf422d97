"""Wagtail admin: the user screens carry the staff facts HR maintains.

HR holds add/change user permissions so it can keep the roster; that must not make HR
able to create administrators or take over an administrator's account, so only
superusers see the "Administrator" switch or may edit a superuser.
"""

from django.core.exceptions import PermissionDenied
from wagtail.users.views import users as wagtail_users

from .forms import WagtailUserCreationForm, WagtailUserEditForm


class _NoAdminGrantMixin:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.is_superuser:
            form.fields.pop("is_superuser", None)
        return form


class CreateView(_NoAdminGrantMixin, wagtail_users.CreateView):
    pass


class EditView(_NoAdminGrantMixin, wagtail_users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied


class UserViewSet(wagtail_users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update=False):
        return WagtailUserEditForm if for_update else WagtailUserCreationForm
