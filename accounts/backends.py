"""Log in with a mainland mobile number and password.

allauth's own phone login sends SMS codes; residents here have no SMS gateway but do
have a phone number on file. allauth passes whatever was typed in the login box as
``username`` (it is not an email), so this backend accepts it when it looks like a
mobile number. It sits behind allauth's ``authenticate`` and therefore behind its
``login_failed`` rate limit, keyed on what was typed.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .models import PHONE_VALIDATOR, normalize_phone


def looks_like_phone(value: str | None) -> bool:
    phone = normalize_phone(value)
    return bool(phone) and PHONE_VALIDATOR.regex.fullmatch(phone) is not None


class PhonePasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        login = username or kwargs.get("phone")
        if not login or not password or not looks_like_phone(login):
            return None
        User = get_user_model()
        try:
            user = User._default_manager.get(phone=normalize_phone(login))
        except User.DoesNotExist:
            # Same work as a real check so timing does not reveal unknown numbers.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
