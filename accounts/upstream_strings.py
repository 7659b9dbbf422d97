"""Django, allauth and Wagtail messages whose Simplified Chinese upstream reads badly.

Never imported: it only gives ``makemessages`` these msgids so this app's catalogue can
translate them (an app's catalogue wins over Django's, allauth's and Wagtail's for the
same msgid, because ``accounts`` comes first in INSTALLED_APPS).

- Django 5.2 changed the minimum-length validator's message to ``%d`` while its
  zh_Hans catalogue still has the old ``%(min_length)d`` text, so Chinese users saw
  the English sentence when their new password was too short.
- Django's "确保该变量包含不超过 100 字符" and Wagtail's "必需字段" are machine-like;
  here they are plain words.
- Upstream password messages say 你; the site always says 您.
- allauth's "错误代码" for a wrong authenticator code says nothing of what to do.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    8,
)
REQUIRED = gettext_lazy("This field is required.")
TOO_LONG = ngettext_lazy(
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)
TOO_SHORT = ngettext_lazy(
    "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at least %(limit_value)d characters (it has "
    "%(show_value)d).",
    "limit_value",
)
OLD_PASSWORD_WRONG = gettext_lazy(
    "Your old password was entered incorrectly. Please enter it again."
)
PASSWORD_MIN_LENGTH = ngettext_lazy(
    "Your password must contain at least %(min_length)d character.",
    "Your password must contain at least %(min_length)d characters.",
    "min_length",
)
PASSWORD_SIMILAR = gettext_lazy(
    "Your password can’t be too similar to your other personal information."
)
PASSWORD_COMMON = gettext_lazy("Your password can’t be a commonly used password.")
PASSWORD_NUMERIC = gettext_lazy("Your password can’t be entirely numeric.")
TOTP_WRONG = gettext_lazy("Incorrect code.")
