"""ShotgunPool: one shotgun_api3 client per concurrent caller, never shared."""

import contextlib
import inspect
import logging
import threading

import shotgun_api3

from .errors import SessionClosed

log = logging.getLogger(__name__)

_MISSING = object()

#: Client settings copied from the first client to every client built after it.
_COPIED_CONFIG = (
    "timeout_secs",
    "max_rpc_attempts",
    "rpc_attempt_interval",
    "extra_auth_params",
    "session_uuid",
    "localized",
)


def check_pool_size(size):
    """Raise unless ``size`` is a whole number of clients, at least one."""
    if not isinstance(size, int) or isinstance(size, bool):
        raise TypeError(
            f"cannot build a pool of size={size!r}: size is how many clients it "
            "may hold, a whole number such as size=8"
        )
    if size < 1:
        raise ValueError(
            f"cannot build a pool of size={size}: a pool holds at least one client"
        )


class ShotgunPool:
    """Lends each thread its own ``shotgun_api3.Shotgun``, built from the first.

    A client is used by one thread at a time: a shared client crosses replies
    between concurrent calls. Clients are built on demand up to ``size``; a
    caller beyond that waits for one to come back. A client goes back into
    rotation only after a call that returned, or that the site answered with a
    ``shotgun_api3.ShotgunError``; after any other failure (a dropped
    connection, an unreadable reply, an interrupt halfway through a reply) it
    is closed and dropped, never lent again, so no later call reads what is
    left of an earlier reply. Clients built later share the first one's site,
    script or session token, proxy and timeouts; they use the default
    certificate bundle (or the one named by ``SHOTGUN_API_CACERTS``).

    Attributes of the pool that it does not define come from a borrowed
    client; a method is called on whichever client is free when it is called.
    """

    def __init__(self, shotgun, size=8):
        check_pool_size(size)
        self._template = shotgun
        self._size = size
        self._idle = [shotgun]
        self._count = 1
        self._condition = threading.Condition()
        self._closed = False
        self._session_token = None
        self._token_lock = threading.Lock()
        self._signatures = {}

    def __repr__(self):
        state = "closed" if self._closed else f"{self._count}/{self._size} clients"
        return f"<ShotgunPool {self._template.base_url} {state}>"

    def __enter__(self):
        if self._closed:
            raise SessionClosed("pool")
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        method = inspect.getattr_static(type(self._template), name, None)
        if inspect.isfunction(method):
            return self._method(name)
        # Other attributes are read on a borrowed client too: some properties
        # (server_caps, server_info) ask the site the first time they are read.
        with self.client() as shotgun:
            attribute = getattr(shotgun, name, _MISSING)
        if attribute is _MISSING:
            raise AttributeError(
                f"{type(self._template).__name__} has no attribute {name!r}"
            )
        return self._method(name) if callable(attribute) else attribute

    def _method(self, name):
        """A function calling ``name`` on whichever client is free."""

        def call(*args, **kwargs):
            return self.call(name, *args, **kwargs)

        call.__name__ = name
        return call

    @property
    def closed(self):
        return self._closed

    @property
    def size(self):
        """The most clients this pool will build."""
        return self._size

    @property
    def client_count(self):
        """How many clients exist now, lent or idle."""
        return self._count

    def call(self, method, *args, **kwargs):
        """Call ``method`` on a borrowed client and return its result.

        Arguments that do not fit the method raise TypeError before a client
        is borrowed: no request went out, so no client is dropped for them.
        """
        self._check_arguments(method, args, kwargs)
        with self.client() as shotgun:
            return getattr(shotgun, method)(*args, **kwargs)

    def _check_arguments(self, method, args, kwargs):
        signature = self._signatures.get(method)
        if signature is None:
            try:
                signature = inspect.signature(getattr(self._template, method))
            except (AttributeError, TypeError, ValueError):
                return
            self._signatures[method] = signature
        signature.bind(*args, **kwargs)

    @contextlib.contextmanager
    def client(self):
        """Borrow a client for the ``with`` block; no other thread gets it."""
        shotgun = self._checkout()
        try:
            yield shotgun
        except shotgun_api3.ShotgunError:
            self._checkin(shotgun)
            raise
        except BaseException as error:
            self._discard(shotgun, error)
            raise
        self._checkin(shotgun)

    def close(self):
        """Close every idle client now and every lent client when it returns."""
        with self._condition:
            if self._closed:
                return
            self._closed = True
            idle, self._idle = self._idle, []
            self._condition.notify_all()
        for shotgun in idle:
            shotgun.close()
        log.debug("closed a pool of %s clients", len(idle))

    def _checkout(self):
        with self._condition:
            while True:
                if self._closed:
                    raise SessionClosed("pool")
                if self._idle:
                    return self._idle.pop()
                if self._count < self._size:
                    self._count += 1
                    break
                self._condition.wait()
        try:
            return self._build()
        except BaseException:
            with self._condition:
                self._count -= 1
                self._condition.notify()
            raise

    def _checkin(self, shotgun):
        with self._condition:
            if not self._closed:
                self._idle.append(shotgun)
                self._condition.notify()
                return
        shotgun.close()

    def _discard(self, shotgun, error):
        log.warning("dropping a client after %s", type(error).__name__)
        shotgun.close()
        with self._condition:
            self._count -= 1
            self._condition.notify()

    def _build(self):
        config = self._template.config
        login, password = config.user_login, config.user_password
        token = config.session_token
        if login and password and not token:
            token = self._shared_session_token()
            login = password = None
        shotgun = self._clone(login, password, token)
        log.debug("built client %s of %s", self._count, self._size)
        return shotgun

    def _clone(self, login, password, token):
        template = self._template
        config = template.config
        shotgun = type(template)(
            template.base_url,
            script_name=config.script_name,
            api_key=config.api_key,
            convert_datetimes_to_utc=config.convert_datetimes_to_utc,
            http_proxy=config.raw_http_proxy,
            connect=False,
            login=login,
            password=password,
            sudo_as_login=config.sudo_as_login,
            session_token=token,
        )
        for name in _COPIED_CONFIG:
            setattr(shotgun.config, name, getattr(config, name))
        return shotgun

    def _shared_session_token(self):
        """One session token for every client of a user login, asked for once."""
        with self._token_lock:
            if self._session_token is None:
                config = self._template.config
                probe = self._clone(config.user_login, config.user_password, None)
                try:
                    self._session_token = probe.get_session_token()
                finally:
                    probe.close()
            return self._session_token
