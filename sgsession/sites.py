"""Finding a site's credentials by name, so that they never live in code.

A name is looked up, in order, in:

1. environment variables ``SGSESSION_<NAME>_URL``, ``SGSESSION_<NAME>_SCRIPT``
   and ``SGSESSION_<NAME>_KEY`` (NAME upper-cased, other than letters and digits
   turned to ``_``);
2. the TOML file named by ``SGSESSION_CONFIG`` (``~`` expands), else
   ``sites.toml`` in the user's config directory
   (``platformdirs.user_config_dir("sgsession")``)::

       default = "studio"

       [sites.studio]
       url = "https://studio.shotgrid.autodesk.com"
       script_name = "pipeline"
       api_key_env = "STUDIO_SG_KEY"   # or api_key = "..." in the file itself
       http_proxy = "proxy.studio:8080"   # optional
       timeout_secs = 30                  # optional, seconds per request

   A site table holds only the keys in ``SITE_KEYS``: ``url`` (required),
   ``script_name`` with ``api_key`` or ``api_key_env`` (the environment variable
   holding the key; not both), or ``login`` with ``password``; and optionally
   ``http_proxy`` and ``timeout_secs``. Any other key, and a string key holding
   another kind of value, is refused;
3. callables registered under the entry point group ``sgsession.connectors``,
   each called as ``connector(name, *args, **kwargs)`` and returning a Shotgun,
   or None when it does not know the name (a connector that raises, or returns
   anything else, stops the search with a SessionError naming it);
4. ``shotgun_api3_registry.connect(name, *args, **kwargs)`` when that package is
   importable.

The default name (``name=None``) is ``SGSESSION_SITE``, else the file's
``default``, else ``"default"``. Requests time out after ``timeout_secs`` given
to ``connect()``, else the site's, else the Shotgun's own, else
``DEFAULT_TIMEOUT_SECS`` (60).
"""

import logging
import os
import re
import sys
from pathlib import Path

import platformdirs
import shotgun_api3

from .errors import SessionError, SiteNotConfigured

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

from importlib.metadata import entry_points

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "sgsession.connectors"

#: Seconds a request may wait on the site when nothing else sets a timeout.
DEFAULT_TIMEOUT_SECS = 60

#: The keys a ``[sites.<name>]`` table may hold.
SITE_KEYS = (
    "url",
    "script_name",
    "api_key",
    "api_key_env",
    "login",
    "password",
    "http_proxy",
    "timeout_secs",
)


#: The methods a client from a connector must have to pass for a Shotgun.
_CLIENT_METHODS = ("find", "find_one", "create", "update", "delete", "batch")


def config_path():
    """The TOML file holding site settings (it need not exist)."""
    named = os.environ.get("SGSESSION_CONFIG")
    if named:
        return Path(named).expanduser()
    return Path(platformdirs.user_config_dir("sgsession")) / "sites.toml"


def _read_config(path):
    try:
        with open(path, "rb") as stream:
            config = tomllib.load(stream)
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SessionError(
            f"cannot read the site settings in {path}: {error}; fix or remove the file"
        ) from error
    _check_config_shape(config, path)
    return config


def _toml_kind(value):
    """What a TOML value is, in TOML's words, without showing it."""
    kinds = ((bool, "a boolean"), ((int, float), "a number"), (dict, "a table"))
    for types, kind in kinds:
        if isinstance(value, types):
            return kind
    return "an array" if isinstance(value, list) else "a date or time"


def _check_config_shape(config, path):
    default = config.get("default")
    if default is not None and not isinstance(default, str):
        raise SessionError(
            f"cannot use the site settings in {path}: 'default' must be a site name "
            f'such as default = "studio", not {_toml_kind(default)}'
        )
    sites = config.get("sites")
    if sites is not None and not isinstance(sites, dict):
        raise SessionError(
            f"cannot use the site settings in {path}: 'sites' must hold one table "
            "per site, such as [sites.studio]"
        )


def _env_prefix(name):
    return "SGSESSION_" + re.sub(r"[^A-Za-z0-9]", "_", name).upper() + "_"


def default_name(config=None):
    """The site ``connect()`` reaches when given no name."""
    if os.environ.get("SGSESSION_SITE"):
        return os.environ["SGSESSION_SITE"]
    if config is None:
        config = _read_config(config_path()) or {}
    return config.get("default") or "default"


def _from_env(name):
    prefix = _env_prefix(name)
    url = os.environ.get(prefix + "URL")
    if not url:
        return None
    return {
        "url": url,
        "script_name": os.environ.get(prefix + "SCRIPT"),
        "api_key": os.environ.get(prefix + "KEY"),
    }


def _from_config(name, config, path):
    site = (config.get("sites") or {}).get(name)
    if site is None:
        return None
    if not isinstance(site, dict) or not site.get("url"):
        raise SessionError(
            f"cannot use site {name!r} from {path}: [sites.{name}] needs a url"
        )
    unknown = sorted(set(site) - set(SITE_KEYS))
    if unknown:
        raise SessionError(
            f"cannot use site {name!r} from {path}: [sites.{name}] holds "
            f"{', '.join(unknown)}, which sgsession does not know; the known keys "
            f"are {', '.join(SITE_KEYS)}"
        )
    _check_site_values(name, site, path)
    settings = dict(site)
    key_env = settings.pop("api_key_env", None)
    if key_env:
        settings["api_key"] = os.environ.get(key_env)
        if not settings["api_key"]:
            raise SiteNotConfigured(
                name, [f"{path} names the key variable {key_env}, which is not set"]
            )
    return settings


def _check_site_values(name, site, path):
    for key in SITE_KEYS:
        value = site.get(key)
        if key != "timeout_secs" and value is not None and not isinstance(value, str):
            raise SessionError(
                f"cannot use site {name!r} from {path}: {key} in [sites.{name}] must "
                f'be a string such as {key} = "...", not {_toml_kind(value)}'
            )
    if "api_key" in site and "api_key_env" in site:
        raise SessionError(
            f"cannot use site {name!r} from {path}: [sites.{name}] sets both api_key "
            "and api_key_env; keep one: api_key holds the key, api_key_env names "
            "the environment variable that holds it"
        )


def _missing_credentials(options):
    """The settings a Shotgun still needs to log in, by their Shotgun names."""
    if options.get("session_token"):
        return []
    if options.get("login") or options.get("password"):
        wanted = ("login", "password")
    else:
        wanted = ("script_name", "api_key")
    return [key for key in wanted if not options.get(key)]


def _who(options):
    """Who a Shotgun logs in as, for the log: never a key, password or token."""
    return options.get("script_name") or options.get("login") or "a session token"


def _check_timeout(timeout_secs, source):
    if timeout_secs is None:
        return
    number = isinstance(timeout_secs, (int, float)) and not isinstance(
        timeout_secs, bool
    )
    if not number or not timeout_secs > 0:
        raise SessionError(
            f"cannot use timeout_secs = {timeout_secs!r} from {source}: it must be "
            "a number of seconds above 0, such as timeout_secs = 30"
        )


def _set_timeout(shotgun, timeout_secs):
    """Give a Shotgun ``timeout_secs``, or the default where it has none."""
    if not isinstance(shotgun, shotgun_api3.Shotgun):
        return
    if timeout_secs is None:
        if shotgun.config.timeout_secs is not None:
            return
        timeout_secs = DEFAULT_TIMEOUT_SECS
    if shotgun.config.timeout_secs == timeout_secs:
        return
    shotgun.config.timeout_secs = timeout_secs
    # An open connection keeps the timeout it was opened with.
    shotgun.close()


def _shotgun(name, settings, source, args, kwargs, timeout_secs, spelled):
    if args:
        raise TypeError(
            f"site {name!r} is configured by sgsession; pass Shotgun options by "
            "keyword, not by position"
        )
    if timeout_secs is None:
        timeout_secs = settings.get("timeout_secs")
        _check_timeout(timeout_secs, source)
    options = dict(kwargs)
    for key in ("script_name", "api_key", "http_proxy", "login", "password"):
        if settings.get(key) is not None:
            options.setdefault(key, settings[key])
    connect_now = options.pop("connect", False)
    missing = _missing_credentials(options)
    if missing:
        names = " and ".join(spelled.get(key, key) for key in missing)
        raise SiteNotConfigured(name, [f"{source} (a url, but no {names})"])
    log.info("connecting to site %s at %s as %s", name, settings["url"], _who(options))
    try:
        shotgun = shotgun_api3.Shotgun(settings["url"], connect=False, **options)
    except ValueError as error:
        raise SessionError(
            f"cannot connect to site {name!r} as {source} says: {error}; fix it there"
        ) from error
    _set_timeout(shotgun, timeout_secs)
    if connect_now:
        shotgun.connect()
    return shotgun


def _connectors():
    if sys.version_info >= (3, 10):
        found = entry_points(group=ENTRY_POINT_GROUP)
    else:
        found = entry_points().get(ENTRY_POINT_GROUP, [])
    return sorted(found, key=lambda point: point.name)


def _ask_connector(point, name, args, kwargs):
    """What one connector returns for ``name``, refusing anything not a client."""
    try:
        shotgun = point.load()(name, *args, **kwargs)
    except Exception as error:
        raise SessionError(
            f"cannot connect to site {name!r}: connector {point.name!r} "
            f"({ENTRY_POINT_GROUP}) raised {type(error).__name__}: {error}; fix or "
            "uninstall that connector"
        ) from error
    if shotgun is None:
        return None
    lacking = [method for method in _CLIENT_METHODS if not _has_method(shotgun, method)]
    if lacking:
        raise SessionError(
            f"cannot connect to site {name!r}: connector {point.name!r} "
            f"({ENTRY_POINT_GROUP}) returned a {type(shotgun).__name__}, which has "
            f"no {', '.join(lacking)}; a connector must return a Shotgun, or None "
            "for a name it does not know"
        )
    return shotgun


def _has_method(client, method):
    return callable(getattr(client, method, None))


def connect(name=None, *args, timeout_secs=None, **kwargs):
    """A ``shotgun_api3.Shotgun`` for the named site (None: the default site).

    Extra arguments go to the Shotgun (or to the connector that knows the
    name). Raises SiteNotConfigured naming every place that was searched.
    ``timeout_secs`` bounds each request, over the site's ``timeout_secs``;
    a Shotgun with neither gets DEFAULT_TIMEOUT_SECS, so a site that never
    answers cannot hold its caller forever.
    """
    _check_timeout(timeout_secs, "the timeout_secs argument")
    shotgun = _connect(name, args, kwargs, timeout_secs)
    _set_timeout(shotgun, timeout_secs)
    return shotgun


def _connect(name, args, kwargs, timeout_secs):
    path = config_path()
    config = _read_config(path)
    if name is None:
        name = default_name(config or {})
    searched = []

    settings = _from_env(name)
    if settings:
        prefix = _env_prefix(name)
        source = f"environment variables {prefix}*"
        spelled = {"script_name": prefix + "SCRIPT", "api_key": prefix + "KEY"}
        return _shotgun(name, settings, source, args, kwargs, timeout_secs, spelled)
    searched.append(f"environment variable {_env_prefix(name)}URL (not set)")

    if config is not None:
        settings = _from_config(name, config, path)
        if settings:
            source = f"{path} [sites.{name}]"
            spelled = {"api_key": "api_key (or api_key_env)"}
            return _shotgun(name, settings, source, args, kwargs, timeout_secs, spelled)
        searched.append(f"{path} (no [sites.{name}] table)")
    else:
        searched.append(f"{path} (no such file)")

    connectors = _connectors()
    for point in connectors:
        shotgun = _ask_connector(point, name, args, kwargs)
        if shotgun is not None:
            log.info("connected to site %s through connector %s", name, point.name)
            return shotgun
    searched.append(
        f"entry points {ENTRY_POINT_GROUP} ({len(connectors)} connectors, "
        "none knew the name)"
    )

    try:
        import shotgun_api3_registry
    except ImportError:
        searched.append("shotgun_api3_registry (not installed)")
    else:
        return shotgun_api3_registry.connect(name, *args, **kwargs)

    raise SiteNotConfigured(name, searched)
