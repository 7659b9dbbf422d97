"""Run the official Open Badges 2.0 validator (PyPI ``openbadges`` 1.1.2) on a URL.

Executed by the validator's own interpreter (var/ob-validator/bin/python, see
requirements-obvalidator.txt), never imported by the test suite:

    var/ob-validator/bin/python ob_validate.py <assertion-url> [<recipient-email>]

Prints the validator's report as JSON on standard output.

Two test-only adjustments, applied before the validator is imported:

1. Python 3.10 removed the ``collections.Mapping`` style aliases (moved to
   ``collections.abc`` in 3.3); python-jose 3.0.1, which the validator imports, still
   uses them. The shim restores the aliases in this process only.
2. No network: the JSON-LD context ``https://w3id.org/openbadges/v2`` (the only
   outside document the validator needs for our badges) is answered from the copy the
   validator itself ships (``OPENBADGES_CONTEXT_V2_DICT``) by a requests transport
   adapter; every other outside address fails loudly instead of being fetched. Our
   assertion, badge class, issuer and image are fetched from the live server for real.
"""

from __future__ import annotations

import collections
import collections.abc
import json
import sys
from urllib.parse import urlparse

for _name in (
    "Callable",
    "Hashable",
    "Iterable",
    "Mapping",
    "MutableMapping",
    "MutableSequence",
    "MutableSet",
    "Sequence",
    "Set",
):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

import requests  # noqa: E402
from requests.adapters import BaseAdapter, HTTPAdapter  # noqa: E402
from requests.models import Response  # noqa: E402

CONTEXT_URLS = {
    "https://w3id.org/openbadges/v2",
    "https://openbadgespec.org/v2/context.json",
}


class OfflineAdapter(BaseAdapter):
    """The Open Badges context from the validator's bundled copy; nothing else."""

    def send(self, request, **kwargs):
        url = request.url.rstrip("/")
        if url not in CONTEXT_URLS:
            raise requests.ConnectionError(f"no network here: refused {request.url}")
        from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_DICT

        response = Response()
        response.status_code = 200
        response.url = request.url
        response.request = request
        response.headers["Content-Type"] = "application/ld+json"
        response._content = json.dumps(OPENBADGES_CONTEXT_V2_DICT).encode()
        response.encoding = "utf-8"
        return response

    def close(self):
        pass


def main() -> None:
    url = sys.argv[1]
    local = "{0.scheme}://{0.netloc}/".format(urlparse(url))
    original_init = requests.Session.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        # Longest prefix wins: the live server goes through the real HTTP adapter,
        # every other address through the offline one.
        self.mount("http://", OfflineAdapter())
        self.mount("https://", OfflineAdapter())
        self.mount(local, HTTPAdapter())

    requests.Session.__init__ = init

    from openbadges import verify

    profile = {"email": sys.argv[2]} if len(sys.argv) > 2 else None
    report = verify(url, recipient_profile=profile, use_cache=False)
    json.dump(report, sys.stdout, default=str)


if __name__ == "__main__":
    main()
