"""ShotgunPool: one client per concurrent caller, broken clients dropped."""

import json
import re
import threading

import pytest
import shotgun_api3

from sgsession import Session, SessionClosed, ShotgunPool


class CountingShotgun(shotgun_api3.Shotgun):
    """A real client class whose calls stay in process and note who holds it."""

    lock = threading.Lock()
    active = set()
    overlaps = []
    closed = []
    tokens_issued = []

    def info(self):
        return {"version": [8, 0, 0]}

    def find(self, entity_type, filters, *args, **kwargs):
        with self.lock:
            if self in self.active:
                self.overlaps.append(self)
            self.active.add(self)
        try:
            if isinstance(filters, BaseException):
                raise filters
            barrier = kwargs.get("barrier")
            if barrier is not None:
                barrier.wait(timeout=10)
            return [{"type": entity_type, "id": id(self)}]
        finally:
            with self.lock:
                self.active.discard(self)

    def close(self):
        self.closed.append(self)
        super().close()

    def get_session_token(self):
        self.tokens_issued.append(self)
        return "token-1"

    @property
    def reader(self):
        """The client a property was read on, as server_caps would ask it."""
        return self


@pytest.fixture(autouse=True)
def fresh_records():
    CountingShotgun.active, CountingShotgun.overlaps = set(), []
    CountingShotgun.closed = []
    CountingShotgun.tokens_issued = []


@pytest.fixture
def template():
    client = CountingShotgun(
        "http://127.0.0.1:9",
        script_name="pipeline",
        api_key="key",
        http_proxy="127.0.0.1:3128",
        connect=False,
    )
    client.config.timeout_secs = 7
    return client


def test_concurrent_callers_never_share_a_client(template):
    pool = ShotgunPool(template, size=4)
    barrier = threading.Barrier(4)
    replies = []

    def work():
        replies.append(pool.find("Shot", [], barrier=barrier)[0]["id"])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(replies)) == 4
    assert CountingShotgun.overlaps == []
    assert pool.client_count == 4


def test_callers_beyond_the_bound_wait_for_a_client(template):
    pool = ShotgunPool(template, size=2)
    errors = []

    def work():
        try:
            for _ in range(50):
                pool.find("Shot", [])
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert CountingShotgun.overlaps == []
    assert pool.client_count <= 2


def test_clients_share_the_first_clients_settings(template):
    pool = ShotgunPool(template, size=2)
    with pool.client() as first, pool.client() as second:
        clients = (first, second)

    built = next(client for client in clients if client is not template)
    assert type(built) is CountingShotgun
    assert built.base_url == template.base_url
    assert built.config.script_name == "pipeline"
    assert built.config.api_key == "key"
    assert built.config.raw_http_proxy == "127.0.0.1:3128"
    assert built.config.timeout_secs == 7


def test_clients_of_a_user_login_share_one_session_token():
    template = CountingShotgun(
        "http://127.0.0.1:9", login="ann", password="secret", connect=False
    )
    pool = ShotgunPool(template, size=3)

    with pool.client(), pool.client() as second, pool.client() as third:
        built = (second, third)

    assert [client.config.session_token for client in built] == ["token-1"] * 2
    assert [client.config.user_password for client in built] == [None, None]
    assert len(CountingShotgun.tokens_issued) == 1
    assert CountingShotgun.tokens_issued[0] not in (template, *built)


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(ConnectionResetError("the site hung up"), id="dropped"),
        pytest.param(json.JSONDecodeError("cut short", "{", 1), id="unreadable"),
        pytest.param(KeyboardInterrupt(), id="interrupted"),
        pytest.param(RuntimeError("unforeseen"), id="unforeseen"),
        pytest.param(TypeError("inside the call"), id="type-error-inside"),
    ],
)
def test_failures_other_than_site_errors_drop_the_client(template, error):
    pool = ShotgunPool(template, size=2)

    with pytest.raises(type(error)):
        pool.find("Shot", error)

    assert CountingShotgun.closed == [template]
    assert pool.client_count == 0
    assert pool.find("Shot", [])[0]["id"] != id(template)


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(shotgun_api3.Fault("bad filter"), id="fault"),
        pytest.param(shotgun_api3.AuthenticationFault("bad key"), id="auth"),
    ],
)
def test_site_errors_keep_the_client(template, error):
    pool = ShotgunPool(template, size=2)

    with pytest.raises(type(error)):
        pool.find("Shot", error)

    assert pool.client_count == 1
    assert pool.find("Shot", [])[0]["id"] == id(template)


def test_attributes_come_from_the_first_client(template):
    pool = ShotgunPool(template)

    assert pool.base_url == "http://127.0.0.1:9"
    assert pool.config is template.config


def test_attributes_are_read_on_a_client_no_one_holds(template):
    pool = ShotgunPool(template, size=2)

    with pool.client() as held:
        reader = pool.reader

    assert held is template
    assert reader is not held
    assert type(reader) is CountingShotgun


def test_a_missing_attribute_keeps_the_client(template):
    pool = ShotgunPool(template)

    with pytest.raises(AttributeError, match="CountingShotgun has no attribute 'nope'"):
        pool.nope  # noqa: B018 (the read itself is what is tested)
    assert not hasattr(pool, "nope")

    assert pool.client_count == 1
    assert CountingShotgun.closed == []


def test_closed_pool_closes_clients_and_refuses_calls(template):
    with ShotgunPool(template) as pool:
        pool.find("Shot", [])

    assert CountingShotgun.closed == [template]
    assert pool.closed
    with pytest.raises(SessionClosed, match="cannot use this pool: it is closed"):
        pool.find("Shot", [])


def test_closed_pool_refuses_a_with_block(template):
    pool = ShotgunPool(template)
    pool.close()

    with pytest.raises(SessionClosed, match="cannot use this pool: it is closed"):
        with pool:
            pass


def test_client_lent_during_close_is_closed_on_return(template):
    pool = ShotgunPool(template)

    with pool.client() as client:
        pool.close()
        assert CountingShotgun.closed == []

    assert CountingShotgun.closed == [client]


@pytest.mark.parametrize("size", [0, -1], ids=["zero", "negative"])
def test_pool_needs_room_for_a_client(template, size):
    message = f"cannot build a pool of size={size}: a pool holds at least one client"

    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        ShotgunPool(template, size=size)


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        pytest.param("3", "'3'", id="string"),
        pytest.param(2.0, "2.0", id="float"),
        pytest.param(True, "True", id="bool"),
        pytest.param(None, "None", id="none"),
    ],
)
def test_pool_size_must_be_a_whole_number(template, size, shown):
    with pytest.raises(TypeError) as raised:
        ShotgunPool(template, size=size)

    assert str(raised.value) == (
        f"cannot build a pool of size={shown}: size is how many clients it may "
        "hold, a whole number such as size=8"
    )


@pytest.mark.parametrize(
    "shotgun", [pytest.param(None, id="none"), pytest.param("studio", id="name")]
)
def test_a_session_checks_its_pool_size_before_connecting(shotgun):
    with pytest.raises(TypeError, match=r"^cannot build a pool of size='3'"):
        Session(shotgun, schema=False, pool_size="3")


def test_arguments_that_do_not_fit_the_method_keep_the_client(template):
    pool = ShotgunPool(template, size=2)

    with pytest.raises(TypeError, match="unexpected keyword argument 'fileds'"):
        pool.find_one("Shot", [], fileds=["code"])

    assert CountingShotgun.closed == []
    assert pool.client_count == 1
    assert pool.find("Shot", [])[0]["id"] == id(template)
