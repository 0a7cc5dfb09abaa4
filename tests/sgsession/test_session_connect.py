"""Finding a site's credentials by name: environment, TOML file, connectors."""

import logging
import os
from types import SimpleNamespace

import pytest
import shotgun_api3

import sgsession
from sglocal import LocalSite
from sgsession import Session, SessionError, SiteNotConfigured, sites

KEY = "s3cret-key-value"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No site settings from the machine running the tests."""
    for name in list(os.environ):
        if name.startswith("SGSESSION_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SGSESSION_CONFIG", str(tmp_path / "sites.toml"))
    monkeypatch.setattr(sites, "entry_points", lambda **kwargs: [])


def _write_config(tmp_path, text):
    (tmp_path / "sites.toml").write_text(text, encoding="utf-8")


def test_environment_variables_name_a_site(monkeypatch, caplog):
    monkeypatch.setenv("SGSESSION_MY_SITE_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("SGSESSION_MY_SITE_SCRIPT", "pipeline")
    monkeypatch.setenv("SGSESSION_MY_SITE_KEY", KEY)

    with caplog.at_level(logging.DEBUG):
        shotgun = sgsession.connect("my-site")

    assert isinstance(shotgun, shotgun_api3.Shotgun)
    assert shotgun.base_url == "http://127.0.0.1:1"
    assert (shotgun.config.script_name, shotgun.config.api_key) == ("pipeline", KEY)
    assert KEY not in caplog.text
    assert "my-site" in caplog.text


def test_config_file_names_the_default_site_and_its_key_variable(tmp_path, monkeypatch):
    _write_config(
        tmp_path,
        'default = "studio"\n\n'
        "[sites.studio]\n"
        'url = "http://127.0.0.1:2"\n'
        'script_name = "browser"\n'
        'api_key_env = "STUDIO_KEY"\n',
    )
    monkeypatch.setenv("STUDIO_KEY", KEY)

    shotgun = sgsession.connect()

    assert shotgun.base_url == "http://127.0.0.1:2"
    assert (shotgun.config.script_name, shotgun.config.api_key) == ("browser", KEY)


def test_config_file_may_hold_the_key_itself(tmp_path):
    _write_config(
        tmp_path,
        '[sites.other]\nurl = "http://127.0.0.1:3"\n'
        f'script_name = "s"\napi_key = "{KEY}"\n',
    )

    assert sgsession.connect("other").config.api_key == KEY


def test_site_variable_picks_the_default_over_the_file(tmp_path, monkeypatch):
    _write_config(tmp_path, 'default = "studio"\n')
    monkeypatch.setenv("SGSESSION_SITE", "env")
    monkeypatch.setenv("SGSESSION_ENV_URL", "http://127.0.0.1:4")
    monkeypatch.setenv("SGSESSION_ENV_SCRIPT", "s")
    monkeypatch.setenv("SGSESSION_ENV_KEY", KEY)

    assert sgsession.connect().base_url == "http://127.0.0.1:4"


def test_missing_name_says_everywhere_it_looked(tmp_path):
    with pytest.raises(SiteNotConfigured) as raised:
        sgsession.connect("nowhere")

    path = tmp_path / "sites.toml"
    assert str(raised.value) == (
        "no credentials for the 'nowhere' site; looked in: environment variable "
        f"SGSESSION_NOWHERE_URL (not set); {path} (no such file); entry points "
        "sgsession.connectors (0 connectors, none knew the name); "
        "shotgun_api3_registry (not installed). Add the site to one of these places."
    )
    assert raised.value.name == "nowhere"


def test_missing_key_variable_is_named(tmp_path):
    _write_config(
        tmp_path, '[sites.studio]\nurl = "http://127.0.0.1:2"\napi_key_env = "NOPE"\n'
    )

    with pytest.raises(SiteNotConfigured, match="names the key variable NOPE"):
        sgsession.connect("studio")


def test_broken_config_file_is_reported(tmp_path):
    _write_config(tmp_path, "default = \n")

    with pytest.raises(SessionError, match="cannot read the site settings in"):
        sgsession.connect()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[default]\nurl = "http://127.0.0.1:1"\n', "'default' must be a site name"),
        ('sites = "studio"\n', "'sites' must hold one table per site"),
        ("default = 5\n", 'such as default = "studio", not a number$'),
    ],
    ids=["default-as-table", "sites-as-string", "default-as-number"],
)
def test_config_file_of_the_wrong_shape_is_reported(tmp_path, text, message):
    _write_config(tmp_path, text)

    with pytest.raises(SessionError, match=message) as caught:
        sgsession.connect()

    assert str(tmp_path / "sites.toml") in str(caught.value)


def test_connectors_from_entry_points_are_asked_in_name_order(monkeypatch, fake):
    asked = []

    class Point:
        def __init__(self, name, result):
            self.name, self.result = name, result

        def load(self):
            def connector(site, **kwargs):
                asked.append((self.name, site, kwargs))
                return self.result

            return connector

    points = [Point("b", fake), Point("a", None)]
    monkeypatch.setattr(sites, "entry_points", lambda **kwargs: points)

    assert sgsession.connect("vault", timeout=3) is fake
    assert asked == [("a", "vault", {"timeout": 3}), ("b", "vault", {"timeout": 3})]


def test_session_by_name_connects_through_the_registry(monkeypatch):
    monkeypatch.setenv("SGSESSION_LOCAL_URL", "http://127.0.0.1:5")
    monkeypatch.setenv("SGSESSION_LOCAL_SCRIPT", "s")
    monkeypatch.setenv("SGSESSION_LOCAL_KEY", KEY)

    with Session("local", schema=False) as session:
        assert session.shotgun.base_url == "http://127.0.0.1:5"
        assert isinstance(session.shotgun, sgsession.ShotgunPool)


def test_session_without_a_site_connects_on_first_use():
    session = Session(schema=False)

    with pytest.raises(SiteNotConfigured, match="'default' site"):
        session.find("Shot", [])


def test_session_without_a_site_passes_its_arguments_on_first_use(monkeypatch):
    monkeypatch.setenv("SGSESSION_LOCAL_URL", "http://127.0.0.1:5")
    monkeypatch.setenv("SGSESSION_SITE", "local")

    with Session(None, False, login="ann", password=KEY) as session:
        assert session.shotgun.config.user_login == "ann"


@pytest.mark.parametrize(
    "shotgun",
    [pytest.param(False, id="false"), pytest.param(object(), id="object")],
)
def test_arguments_for_connect_without_a_name_are_refused(shotgun):
    with pytest.raises(TypeError, match=r"cannot pass 'x', timeout= to a Session"):
        Session(shotgun, False, "x", timeout=3)


def test_a_site_without_credentials_says_where_its_url_came_from(monkeypatch):
    monkeypatch.setenv("SGSESSION_BARE_URL", "http://127.0.0.1:6")

    with pytest.raises(SiteNotConfigured) as raised:
        sgsession.connect("bare")

    assert str(raised.value) == (
        "no credentials for the 'bare' site; looked in: environment variables "
        "SGSESSION_BARE_* (a url, but no SGSESSION_BARE_SCRIPT and SGSESSION_BARE_KEY)"
        ". Add the site to one of these places."
    )


@pytest.mark.parametrize(
    ("lines", "missing"),
    [
        pytest.param((), "script_name and api_key (or api_key_env)", id="url-only"),
        pytest.param(('script_name = "s"',), "api_key (or api_key_env)", id="no-key"),
        pytest.param(('login = "ann"',), "password", id="no-password"),
    ],
)
def test_a_site_table_without_credentials_names_what_it_lacks(tmp_path, lines, missing):
    text = '[sites.part]\nurl = "http://127.0.0.1:6"\n'
    _write_config(tmp_path, text + "".join(f"{line}\n" for line in lines))

    with pytest.raises(SiteNotConfigured) as raised:
        sgsession.connect("part")

    assert f"{tmp_path / 'sites.toml'} [sites.part] (a url, but no {missing})" in str(
        raised.value
    )


def test_the_environment_names_the_one_variable_it_lacks(monkeypatch):
    monkeypatch.setenv("SGSESSION_HALF_URL", "http://127.0.0.1:6")
    monkeypatch.setenv("SGSESSION_HALF_SCRIPT", "s")

    with pytest.raises(
        SiteNotConfigured, match=r"\(a url, but no SGSESSION_HALF_KEY\)"
    ):
        sgsession.connect("half")


def test_a_session_token_login_is_logged_without_the_token(monkeypatch, caplog):
    monkeypatch.setenv("SGSESSION_TOKEN_URL", "http://127.0.0.1:6")

    with caplog.at_level(logging.DEBUG):
        sgsession.connect("token", session_token=KEY)

    assert "at http://127.0.0.1:6 as a session token" in caplog.text
    assert KEY not in caplog.text


def test_a_config_file_that_is_not_text_is_reported(tmp_path):
    (tmp_path / "sites.toml").write_bytes(b"\xff\xfe\x00default")

    with pytest.raises(SessionError) as raised:
        sgsession.connect()

    assert str(raised.value).startswith(
        f"cannot read the site settings in {tmp_path / 'sites.toml'}: 'utf-8' codec "
    )


def test_a_bad_url_in_the_file_is_reported_with_the_file(tmp_path):
    _write_config(
        tmp_path,
        f'[sites.old]\nurl = "ftp://127.0.0.1"\nscript_name = "s"\napi_key = "{KEY}"\n',
    )

    with pytest.raises(SessionError) as raised:
        sgsession.connect("old")

    assert str(raised.value) == (
        f"cannot connect to site 'old' as {tmp_path / 'sites.toml'} [sites.old] "
        "says: base_url must use http or https got 'ftp://127.0.0.1'; fix it there"
    )
    assert KEY not in str(raised.value)


def _connectors_that(monkeypatch, connector):
    class Point:
        name = "studio"

        def load(self):
            return connector

    monkeypatch.setattr(sites, "entry_points", lambda **kwargs: [Point()])


def test_an_attribute_error_while_connecting_is_a_session_error(monkeypatch):
    def connector(name, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'url'")

    _connectors_that(monkeypatch, connector)
    session = Session(schema=False)

    for read in (lambda: session.shotgun, lambda: session.find("Shot", [])):
        with pytest.raises(SessionError) as raised:
            read()
        assert str(raised.value) == (
            "cannot connect to site 'default': connector 'studio' "
            "(sgsession.connectors) raised AttributeError: 'NoneType' object has no "
            "attribute 'url'; fix or uninstall that connector"
        )


def test_a_connector_that_raises_is_named_in_a_session_error(monkeypatch):
    def connector(name, **kwargs):
        raise KeyError("vault")

    _connectors_that(monkeypatch, connector)

    with pytest.raises(SessionError) as raised:
        sgsession.connect("vault")

    assert str(raised.value) == (
        "cannot connect to site 'vault': connector 'studio' (sgsession.connectors) "
        "raised KeyError: 'vault'; fix or uninstall that connector"
    )
    assert isinstance(raised.value.__cause__, KeyError)


def test_a_connector_that_cannot_load_is_named_in_a_session_error(monkeypatch):
    class Point:
        name = "broken"

        def load(self):
            raise ImportError("No module named 'vaultlib'")

    monkeypatch.setattr(sites, "entry_points", lambda **kwargs: [Point()])

    with pytest.raises(SessionError) as raised:
        sgsession.connect("vault")

    assert str(raised.value) == (
        "cannot connect to site 'vault': connector 'broken' (sgsession.connectors) "
        "raised ImportError: No module named 'vaultlib'; fix or uninstall that "
        "connector"
    )


@pytest.mark.parametrize(
    ("returned", "message"),
    [
        pytest.param(
            "https://vault.example",
            "returned a str, which has no find_one, create, update, delete, batch",
            id="string",
        ),
        pytest.param(
            SimpleNamespace(find=print, find_one=print),
            "returned a SimpleNamespace, which has no create, update, delete, batch",
            id="partial",
        ),
    ],
)
def test_a_connector_returning_no_client_is_refused(monkeypatch, returned, message):
    _connectors_that(monkeypatch, lambda name, **kwargs: returned)

    with pytest.raises(SessionError) as raised:
        sgsession.connect("vault")

    assert str(raised.value) == (
        f"cannot connect to site 'vault': connector 'studio' (sgsession.connectors) "
        f"{message}; a connector must return a Shotgun, or None for a name it does "
        "not know"
    )


@pytest.mark.parametrize(
    "shotgun", [pytest.param(None, id="none"), pytest.param(False, id="false")]
)
def test_a_name_the_client_lacks_is_missing_without_connecting(monkeypatch, shotgun):
    asked = []
    _connectors_that(monkeypatch, lambda name, **kwargs: asked.append(name))
    session = Session(shotgun, schema=False)

    assert not hasattr(session, "nope")
    assert not hasattr(session, "__array__")
    with pytest.raises(AttributeError, match="Session has no attribute 'nope'"):
        session.nope  # noqa: B018 (the read itself is what is tested)
    assert asked == []


def test_an_attribute_error_inside_a_property_is_not_read_from_the_client():
    session = Session(object())

    with pytest.raises(AttributeError, match=r"reading Session\.schema raised"):
        session.schema  # noqa: B018 (the read itself is what is tested)


def _site_with(tmp_path, *lines):
    _write_config(
        tmp_path,
        '[sites.studio]\nurl = "http://127.0.0.1:7"\n'
        f'script_name = "s"\napi_key = "{KEY}"\n' + "".join(f"{x}\n" for x in lines),
    )


@pytest.mark.parametrize(
    ("lines", "kwargs", "expected"),
    [
        pytest.param((), {}, 60, id="default"),
        pytest.param(("timeout_secs = 3",), {}, 3, id="site-table"),
        pytest.param(("timeout_secs = 3",), {"timeout_secs": 5}, 5, id="keyword-wins"),
        pytest.param((), {"timeout_secs": 0.5}, 0.5, id="keyword"),
    ],
)
def test_requests_time_out_as_the_site_or_the_caller_says(
    tmp_path, lines, kwargs, expected
):
    _site_with(tmp_path, *lines)

    assert sgsession.connect("studio", **kwargs).config.timeout_secs == expected


@pytest.mark.parametrize(
    ("given", "kwargs", "expected"),
    [
        pytest.param(None, {}, 60, id="default"),
        pytest.param(9, {}, 9, id="its-own"),
        pytest.param(9, {"timeout_secs": 2}, 2, id="keyword"),
    ],
)
def test_a_connectors_shotgun_gets_a_timeout(monkeypatch, given, kwargs, expected):
    shotgun = shotgun_api3.Shotgun(
        "http://127.0.0.1:8", script_name="s", api_key=KEY, connect=False
    )
    shotgun.config.timeout_secs = given
    _connectors_that(monkeypatch, lambda name, **options: shotgun)

    assert sgsession.connect("vault", **kwargs).config.timeout_secs == expected


def test_a_site_that_never_answers_times_out(monkeypatch, tmp_path):
    with LocalSite() as site:
        _write_config(
            tmp_path,
            f'[sites.slow]\nurl = "{site.url}"\nscript_name = "{site.script_name}"\n'
            f'api_key = "{site.script_key}"\ntimeout_secs = 0.3\n',
        )
        site.inject_fault("slow", count=2, delay=5)

        with pytest.raises(TimeoutError):
            sgsession.connect("slow", connect=True)
        with pytest.raises(TimeoutError):
            sgsession.connect("slow").find("Shot", [])


def test_every_client_of_a_session_has_the_sites_timeout(tmp_path):
    _site_with(tmp_path, "timeout_secs = 4")

    with Session("studio", False, pool_size=2) as session:
        with session.shotgun.client() as first, session.shotgun.client() as second:
            timeouts = {first.config.timeout_secs, second.config.timeout_secs}

    assert first is not second
    assert timeouts == {4}


def test_an_unknown_key_in_a_site_table_lists_the_known_ones(tmp_path):
    _site_with(tmp_path, "timeout = 3", 'proxy = "x"')

    with pytest.raises(SessionError) as raised:
        sgsession.connect("studio")

    assert str(raised.value) == (
        f"cannot use site 'studio' from {tmp_path / 'sites.toml'}: [sites.studio] "
        "holds proxy, timeout, which sgsession does not know; the known keys are "
        "url, script_name, api_key, api_key_env, login, password, http_proxy, "
        "timeout_secs"
    )


@pytest.mark.parametrize(
    "value", ["0", "-1", '"30"', "true"], ids=["zero", "negative", "string", "bool"]
)
def test_a_timeout_that_is_not_a_positive_number_is_refused(tmp_path, value):
    _site_with(tmp_path, f"timeout_secs = {value}")

    with pytest.raises(SessionError, match=r"timeout_secs = .* from .*sites\.toml"):
        sgsession.connect("studio")


def test_a_timeout_argument_that_is_not_a_number_is_refused(tmp_path):
    _site_with(tmp_path)

    with pytest.raises(SessionError) as raised:
        sgsession.connect("studio", timeout_secs="30")

    assert str(raised.value) == (
        "cannot use timeout_secs = '30' from the timeout_secs argument: it must be "
        "a number of seconds above 0, such as timeout_secs = 30"
    )


@pytest.mark.parametrize(
    ("key", "value", "kind"),
    [
        pytest.param("url", "3", "a number", id="url-number"),
        pytest.param("script_name", "true", "a boolean", id="script-boolean"),
        pytest.param("api_key_env", "[1]", "an array", id="key-env-array"),
        pytest.param("http_proxy", "{a = 1}", "a table", id="proxy-table"),
    ],
)
def test_a_string_key_holding_another_kind_names_the_key_and_file(
    tmp_path, key, value, kind
):
    lines = {"url": '"http://127.0.0.1:7"', "script_name": '"s"', key: value}
    _write_config(
        tmp_path, "[sites.studio]\n" + "".join(f"{k} = {v}\n" for k, v in lines.items())
    )

    with pytest.raises(SessionError) as raised:
        sgsession.connect("studio")

    assert str(raised.value) == (
        f"cannot use site 'studio' from {tmp_path / 'sites.toml'}: {key} in "
        f'[sites.studio] must be a string such as {key} = "...", not {kind}'
    )


def test_a_site_with_both_a_key_and_a_key_variable_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_SG_KEY", KEY)
    _site_with(tmp_path, 'api_key_env = "STUDIO_SG_KEY"')

    with pytest.raises(SessionError) as raised:
        sgsession.connect("studio")

    assert str(raised.value) == (
        f"cannot use site 'studio' from {tmp_path / 'sites.toml'}: [sites.studio] "
        "sets both api_key and api_key_env; keep one: api_key holds the key, "
        "api_key_env names the environment variable that holds it"
    )
    assert KEY not in str(raised.value)


def test_the_config_variable_may_start_with_the_home_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("SGSESSION_CONFIG", "~/sites.toml")
    _site_with(tmp_path)

    assert sites.config_path() == tmp_path / "sites.toml"
    assert sgsession.connect("studio").config.api_key == KEY
