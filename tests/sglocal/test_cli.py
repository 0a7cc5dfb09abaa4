"""The sglocal command line: arguments, errors, seeding, serving and dump-schema."""

import contextlib
import json
import re
import signal
import socket
import sqlite3
import subprocess
import sys

import pytest
import shotgun_api3
from shared_data import REAL_SITE_SCHEMA as SITE_SCHEMA

from sglocal import LocalSite
from sglocal.cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, main
from sgresources import resource_path

KEY_VARIABLE = "SGLOCAL_TEST_SCRIPT_KEY"


def small_recipe_text() -> str:
    """The shipped recipe shrunk to a few shots per project."""
    text = resource_path("demo", "recipe.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^sequences = \d+$", "sequences = 1", text)
    text = re.sub(r"(?m)^shots_per_sequence = .*$", "shots_per_sequence = [2, 3]", text)
    text = re.sub(r"(?m)^assets = .*$", "assets = { Prop = 2 }", text)
    return re.sub(r"(?m)^notes_per_project = \d+$", "notes_per_project = 2", text)


@pytest.fixture
def small_recipe(tmp_path):
    path = tmp_path / "recipe.toml"
    path.write_text(small_recipe_text(), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: command"),
        (["serve"], "the following arguments are required: --db"),
        (["serve", "--db", "x.db", "--port", "70000"], "a port is 0 to 65535"),
        (["serve", "--db", "x.db", "--port", "http"], "expected a whole number"),
        (["serve", "--db", "x.db", "--latency-ms", "-5"], "expected 0 or more"),
        (["serve", "--db", "x.db", "--page-size", "0"], "expected 1 or more"),
        (["seed", "--db", "x.db"], "the following arguments are required: --preset"),
        (["dump-schema", "--url", "http://127.0.0.1:1"], "required: --script-name"),
    ],
    ids=[
        "no-command",
        "serve-without-db",
        "port-too-high",
        "port-not-a-number",
        "negative-latency",
        "empty-page",
        "seed-without-preset",
        "dump-without-script",
    ],
)
def test_bad_arguments_exit_with_usage_and_say_why(capsys, argv, message):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == EXIT_USAGE
    assert message in capsys.readouterr().err


def test_dump_schema_help_says_the_key_comes_from_the_environment(capsys):
    with pytest.raises(SystemExit):
        main(["dump-schema", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "never from the command line" in help_text
    assert "--api-key-env VAR" in help_text


def test_seed_fills_a_database_and_refuses_to_fill_it_twice(
    tmp_path, small_recipe, capsys
):
    db = tmp_path / "site.db"
    argv = ["seed", "--db", str(db), "--preset", "demo", "--recipe", str(small_recipe)]

    assert main(argv) == EXIT_OK
    assert re.search(r"seeded [\d,]+ rows into", capsys.readouterr().out)
    assert main(argv) == EXIT_FAILED
    assert "already holds" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["serve", "seed"], ids=str)
@pytest.mark.parametrize(
    ("name", "content"),
    [("missing/site.db", None), ("text.db", "not a database")],
    ids=["missing-folder", "not-a-database"],
)
def test_an_unusable_database_fails_with_the_path_and_what_to_do(
    tmp_path, capsys, command, name, content
):
    db = tmp_path / name
    if content is not None:
        db.write_text(content, encoding="utf-8")
    argv = [command, "--db", str(db)] + (
        ["--preset", "demo"] if command == "seed" else []
    )

    assert main(argv) == EXIT_FAILED
    error = capsys.readouterr().err
    assert f"cannot use the database {db}" in error
    assert "pass a writable path in an existing folder" in error


def test_serve_on_a_busy_port_fails_and_says_so(tmp_path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--db", str(tmp_path / "site.db"), "--port", str(port)])

    assert code == EXIT_FAILED
    assert capsys.readouterr().err == (
        f"sglocal serve: cannot listen on 127.0.0.1 port {port}: another program "
        "already uses that port; choose another port, or 0 for any free one\n"
    )


@pytest.mark.parametrize("host", ["::1", "::"], ids=["loopback", "every-network"])
def test_serve_on_an_ipv6_address_says_the_site_listens_on_ipv4_only(
    tmp_path, capsys, host
):
    code = main(["serve", "--db", str(tmp_path / "site.db"), "--host", host])

    assert code == EXIT_FAILED
    assert capsys.readouterr().err == (
        f"sglocal serve: cannot listen on {host}: it is an IPv6 address and the "
        "local site listens on IPv4 addresses only; pass 127.0.0.1 (this machine "
        "only) or 0.0.0.0 (every network)\n"
    )
    assert not (tmp_path / "site.db").exists()


def test_seed_names_the_presets_when_given_an_unknown_one_and_creates_nothing(
    tmp_path, capsys
):
    argv = ["seed", "--db", str(tmp_path / "site.db"), "--preset", "huge"]
    assert main(argv) == EXIT_FAILED
    assert "use one of demo, large" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_seed_failing_after_creating_the_database_removes_it(
    tmp_path, small_recipe, capsys
):
    text = small_recipe.read_text(encoding="utf-8")
    small_recipe.write_text(text.replace("sequence_scale = 1\n", "", 1))
    db = tmp_path / "site.db"
    argv = ["seed", "--db", str(db), "--preset", "demo", "--recipe", str(small_recipe)]

    assert main(argv) == EXIT_FAILED
    assert "cannot build preset 'demo' from the recipe" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["recipe.toml"]


def test_a_failed_seed_keeps_the_database_it_was_given(tmp_path, small_recipe):
    db = tmp_path / "site.db"
    argv = ["seed", "--db", str(db), "--preset", "demo", "--recipe", str(small_recipe)]
    assert main(argv) == EXIT_OK

    assert main(argv) == EXIT_FAILED
    assert db.exists()
    with LocalSite(db=db, schema=None) as site:
        assert site.store.count(site.store.query("Project")) == 3


def test_serve_prints_credentials_a_client_connects_with_and_stops_on_ctrl_c(
    tmp_path, small_recipe
):
    db = tmp_path / "site.db"
    seeded = [
        "seed",
        "--db",
        str(db),
        "--preset",
        "demo",
        "--recipe",
        str(small_recipe),
    ]
    assert main(seeded) == EXIT_OK
    command = [sys.executable, "-m", "sglocal", "serve", "--db", str(db), "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        printed = dict(
            server.stdout.readline().strip().split(": ", 1) for _ in range(3)
        )
        sg = shotgun_api3.Shotgun(
            printed["url"],
            script_name=printed["script_name"],
            api_key=printed["script_key"],
        )
        projects = sg.find("Project", [], ["name"], order=[{"field_name": "id"}])
        sg.close()
        server.send_signal(signal.SIGINT)
        code = server.wait(timeout=30)

    assert printed["url"].startswith("http://127.0.0.1:")
    assert [project["name"] for project in projects] == [
        "Nightfall",
        "Tidewater",
        "Copper Sky",
    ]
    assert code == EXIT_OK


def _dump_schema_argv(url, script_name, output):
    return [
        "dump-schema",
        "--url",
        url,
        "--script-name",
        script_name,
        "--api-key-env",
        KEY_VARIABLE,
        "--output",
        str(output),
    ]


@pytest.mark.parametrize(
    "schema", [None, SITE_SCHEMA], ids=["default-schema", "real-site-schema"]
)
def test_dump_schema_writes_what_the_site_serves_and_loads_back(
    tmp_path, monkeypatch, capsys, schema
):
    output = tmp_path / "schema.json"
    with LocalSite(schema=schema) as site:
        monkeypatch.setenv(KEY_VARIABLE, site.script_key)
        argv = _dump_schema_argv(site.url, site.script_name, output)
        code = main(argv)
        served = site.schema.to_json()
    with LocalSite(schema=output) as copy:
        reloaded = copy.schema.to_json()
    printed = capsys.readouterr()

    assert code == EXIT_OK
    assert json.loads(output.read_text(encoding="utf-8")) == served
    assert reloaded == served
    assert f"wrote {len(served['schema'])} entity types" in printed.out


def test_dump_schema_without_the_key_variable_says_which_variable(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    output = tmp_path / "schema.json"
    argv = _dump_schema_argv("http://127.0.0.1:9", "sglocal", output)
    assert main(argv) == EXIT_USAGE
    assert f"{KEY_VARIABLE} holds no key" in capsys.readouterr().err
    assert not output.exists()


def test_dump_schema_with_a_wrong_key_fails_without_printing_it(
    tmp_path, monkeypatch, capsys
):
    wrong_key = "not-the-key-0123456789"
    monkeypatch.setenv(KEY_VARIABLE, wrong_key)
    output = tmp_path / "schema.json"
    with LocalSite() as site:
        argv = _dump_schema_argv(site.url, site.script_name, output)
        code = main(argv)
    printed = capsys.readouterr()

    assert code == EXIT_FAILED
    assert "check the URL, the script name and its key" in printed.err
    assert wrong_key not in printed.out + printed.err
    assert not output.exists()


def test_dump_schema_from_a_site_that_never_answers_times_out_and_says_so(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv(KEY_VARIABLE, "key")
    output = tmp_path / "schema.json"
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        argv = _dump_schema_argv(url, "sglocal", output)
        code = main([*argv, "--timeout-secs", "0.2"])
    error = capsys.readouterr().err

    assert code == EXIT_FAILED
    assert "the site did not answer within 0.2 s" in error
    assert "give it longer with --timeout-secs" in error
    assert not output.exists()


@pytest.mark.parametrize(
    ("seconds", "message"),
    [
        ("0", "expected more than 0 seconds, not 0"),
        ("inf", "expected more than 0 seconds, not inf"),
        ("soon", "expected a number of seconds, not 'soon'"),
    ],
    ids=["zero", "infinite", "not-a-number"],
)
def test_dump_schema_refuses_a_timeout_that_is_not_a_positive_number(
    tmp_path, capsys, seconds, message
):
    argv = _dump_schema_argv("http://127.0.0.1:9", "sglocal", tmp_path / "s.json")

    with pytest.raises(SystemExit) as stopped:
        main([*argv, "--timeout-secs", seconds])

    assert stopped.value.code == EXIT_USAGE
    assert message in capsys.readouterr().err


def _tables(db):
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}


@pytest.mark.parametrize("command", ["serve", "seed"], ids=["serve", "seed"])
def test_a_database_of_other_tables_is_refused_and_left_alone(
    tmp_path, capsys, command
):
    db = tmp_path / "foreign.db"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        conn.commit()
    argv = [command, "--db", str(db)] + (
        ["--preset", "demo"] if command == "seed" else []
    )

    assert main(argv) == EXIT_FAILED
    assert capsys.readouterr().err == (
        f"sglocal {command}: cannot open {db} as a site database: it holds other "
        "tables (invoices) and is not one sglocal created; pass a new file or a "
        "database sglocal made\n"
    )
    assert _tables(db) == {"invoices"}


@pytest.mark.parametrize("reopened", [False, True], ids=["empty-file", "site-db"])
def test_an_empty_file_or_a_site_database_opens(tmp_path, reopened):
    db = tmp_path / "site.db"
    db.touch()
    if reopened:
        LocalSite(db=db, schema=SITE_SCHEMA).close()

    with LocalSite(db=db, schema=SITE_SCHEMA) as site:
        shot = site.store.insert_rows("Shot", [{"code": "SH010"}])

    assert shot == [1]
    assert {"settings", "links", "e_Shot"} <= _tables(db)


def _interrupted_seed(store, preset, recipe):
    with store.transaction() as conn:
        store.insert_rows("Project", [{"name": "Halfway"}], conn)
        raise KeyboardInterrupt


@pytest.mark.parametrize("existing", [False, True], ids=["new-db", "existing-db"])
def test_ctrl_c_during_a_seed_exits_quietly_and_keeps_no_rows(
    tmp_path, monkeypatch, capsys, existing
):
    db = tmp_path / "site.db"
    if existing:
        LocalSite(db=db).close()
    monkeypatch.setattr("sglocal.cli.seed", _interrupted_seed)

    code = main(["seed", "--db", str(db), "--preset", "demo"])

    assert code == EXIT_INTERRUPTED == 130
    assert capsys.readouterr().err == (
        "sglocal seed: stopped by Ctrl+C, so no rows were seeded\n"
    )
    assert db.exists() == existing
    if existing:
        with LocalSite(db=db) as site:
            assert site.store.count(site.store.query("Project")) == 0


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("999.1.1.1", "'999.1.1.1': it is not an IP address"),
        ("192.0.2.1", "192.0.2.1: Cannot assign requested address"),
    ],
    ids=["not-an-address", "not-this-machine"],
)
def test_serve_on_an_address_it_cannot_use_fails_naming_it_first(
    tmp_path, capsys, host, reason
):
    db = tmp_path / "site.db"

    assert main(["serve", "--db", str(db), "--host", host]) == EXIT_FAILED
    assert capsys.readouterr().err == (
        f"sglocal serve: cannot listen on {reason}; pass one of this machine's "
        "addresses, such as 127.0.0.1 (this machine only) or 0.0.0.0 (every "
        "network)\n"
    )
    assert not db.exists()
