"""Signed file addresses: the site serves a stored file only through a URL it gave."""

import datetime
import hashlib
import hmac
import urllib.parse
from typing import Callable, Optional

__all__ = ["URL_LIFETIME", "UrlSigner"]

URL_LIFETIME = datetime.timedelta(hours=24)
_ROUNDING = 3600


class UrlSigner:
    """Signs file paths with the site's secret, the way a hosted site pre-signs them.

    Reads hand out signed URLs for images and uploads, so a download needs no
    credentials of its own, yet no one can fetch a file the site did not offer. A URL
    stops working within the hour after ``lifetime`` has passed; reading the field
    again gives a fresh one.
    """

    def __init__(
        self,
        secret: str,
        clock: Callable[[], datetime.datetime],
        lifetime: datetime.timedelta = URL_LIFETIME,
    ) -> None:
        self._secret = secret.encode()
        self._clock = clock
        self._lifetime = lifetime

    def sign(self, path: str) -> str:
        """``path`` with the query that lets the site serve it until it expires.

        Expiry is rounded up to the hour, so reads within the hour give one address
        per file and caches keyed by address keep working.
        """
        deadline = (self._clock() + self._lifetime).timestamp()
        expires = -(-int(deadline) // _ROUNDING) * _ROUNDING
        query = urllib.parse.urlencode(
            {"expires": expires, "signature": self._signature(path, expires)}
        )
        return f"{path}?{query}"

    def refusal(self, path: str, query: str) -> Optional[str]:
        """Why the site must not serve ``path`` with ``query``, or None when it may."""
        fields = urllib.parse.parse_qs(query)
        expires = (fields.get("expires") or [""])[0]
        signature = (fields.get("signature") or [""])[0]
        if not (expires.isdigit() and signature):
            return "the address carries no signature"
        if not hmac.compare_digest(signature, self._signature(path, int(expires))):
            return "the address's signature does not match it"
        if int(expires) < self._clock().timestamp():
            return "the address has expired"
        return None

    def _signature(self, path: str, expires: int) -> str:
        message = f"{path}\n{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()
