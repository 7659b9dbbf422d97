"""Django and allauth messages whose Simplified Chinese translation is missing upstream.

Never imported: it only gives ``makemessages`` these msgids so this app's catalogue can
translate them. Django 5.2 changed the minimum-length validator's message to ``%d``
while its zh_Hans catalogue still has the old ``%(min_length)d`` text, so Chinese users
saw the English sentence when their new password was too short.
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    8,
)
