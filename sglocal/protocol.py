"""The api3 JSON protocol: decode a request, check its credentials, run its method."""

import hmac
import json
import logging
import secrets
import threading
from dataclasses import dataclass
from typing import Any, Callable, Optional

from sglocal import search, summary
from sglocal.errors import AuthenticationError, RequestError, SiteError
from sglocal.query import RETIRED, table_name
from sglocal.store import Store

__all__ = ["SERVER_VERSION", "Credentials", "Outcome", "Protocol", "check_integers"]

LOG = logging.getLogger(__name__)

SERVER_VERSION = (9, 2, 0)

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
_PRESET_LATEST = "LATEST"
_USE_CREDENTIALS = (
    "use the script_name and script_key that 'sglocal serve' printed, or a "
    "LocalSite's script_name and script_key attributes"
)
_PRESET_BY = "ENTITIES_CREATED_AT"


@dataclass(frozen=True)
class Credentials:
    """The script a site accepts, and the entity that stands for it in stamps."""

    script_name: str
    script_key: str
    user: Optional[dict] = None


@dataclass
class Outcome:
    """What one request did, for the request log: method, entity type, rows."""

    method: str = ""
    entity_type: Optional[str] = None
    rows: Optional[int] = None
    error: Optional[str] = None
    user: Optional[dict] = None
    failure: Optional[str] = None

    def fail(self, error: SiteError) -> None:
        """Record that the request was answered with ``error``."""
        self.error = str(error)
        if isinstance(error, AuthenticationError):
            self.failure = "authentication failed"
        else:
            self.failure = "error reply"


class Protocol:
    """Answers api3 JSON payloads against one store."""

    def __init__(self, store: Store, credentials: Credentials, page_size: int) -> None:
        self.store = store
        self.credentials = credentials
        self.page_size = page_size
        self._tokens: dict[str, bool] = {}
        self._tokens_lock = threading.Lock()
        self._methods: dict[str, Callable[[Any, Outcome], Any]] = {
            "info": self._info,
            "read": self._read,
            "create": self._create,
            "update": self._update,
            "delete": self._delete,
            "revive": self._revive,
            "batch": self._batch,
            "summarize": self._summarize,
            "schema_read": self._schema_read,
            "schema_entity_read": self._schema_entity_read,
            "schema_field_read": self._schema_field_read,
            "query_display_name_cache": self._text_search,
            "get_session_token": self._session_token,
        }

    def answer(self, body: bytes) -> tuple[dict, Outcome]:
        """Answer one request body; failures become api3 error replies, never raise."""
        outcome = Outcome()
        try:
            method, args = self._decode(body, outcome)
            results = self._methods[method](args, outcome)
        except SiteError as error:
            outcome.fail(error)
            return _error_reply(error), outcome
        except Exception as error:
            LOG.exception(
                "unexpected failure answering %s", outcome.method or "request"
            )
            wrapped = SiteError(
                f"the local site failed answering {outcome.method or 'a request'}: "
                f"{type(error).__name__}: {error}"
            )
            outcome.fail(wrapped)
            return _error_reply(wrapped), outcome
        return {"results": results}, outcome

    def check_auth(self, auth) -> dict:
        """Return the user a request acts as, or raise ``AuthenticationError``."""
        user = self._authenticate(auth)
        if auth.get("sudo_as_login") is not None:
            return self._sudo_user(auth["sudo_as_login"])
        return user

    def _sudo_user(self, login) -> dict:
        """The active HumanUser a request acting as ``login`` stands for."""
        found = []
        if isinstance(login, str) and self.store.schema.has_field("HumanUser", "login"):
            query = self.store.query("HumanUser")
            query.select(["login"])
            query.where(
                {
                    "logical_operator": "and",
                    "conditions": [
                        {"path": "login", "relation": "is", "values": [login]}
                    ],
                }
            )
            query.where_sql(f"t0.{RETIRED} = 0")
            found = self.store.read(query, limit=1)
        if not found:
            raise AuthenticationError(
                f"The user does not have permission to 'sudo': no HumanUser has the "
                f"login {login!r}; pass the login of an existing HumanUser as "
                "sudo_as_login, or leave it out to act as the script"
            )
        return {"type": "HumanUser", "id": found[0]["id"]}

    def _authenticate(self, auth) -> dict:
        if not isinstance(auth, dict):
            raise AuthenticationError(
                "cannot authenticate: the request carries no credentials; "
                f"{_USE_CREDENTIALS}"
            )
        token = auth.get("session_token")
        if isinstance(token, str) and token:
            if self.knows_session(token):
                return self.credentials.user
            raise AuthenticationError(
                "cannot authenticate with this session token: the site did not issue "
                "it; ask for a new one with get_session_token()"
            )
        name, key = auth.get("script_name"), auth.get("script_key")
        if "user_login" in auth:
            raise AuthenticationError(
                "cannot authenticate a user login: this local site accepts only its "
                f"script credentials; {_USE_CREDENTIALS}"
            )
        if not (isinstance(name, str) and isinstance(key, str)):
            raise AuthenticationError(
                "cannot authenticate: script_name and script_key are missing; "
                f"{_USE_CREDENTIALS}"
            )
        name_ok = hmac.compare_digest(
            name.encode(), self.credentials.script_name.encode()
        )
        key_ok = hmac.compare_digest(key.encode(), self.credentials.script_key.encode())
        if not (name_ok and key_ok):
            raise AuthenticationError(
                f"cannot authenticate script {name!r}: the script name or key does not "
                f"match this site's; {_USE_CREDENTIALS}"
            )
        return self.credentials.user

    def knows_session(self, token: str) -> bool:
        """Whether ``token`` is a session token this site issued."""
        with self._tokens_lock:
            return token in self._tokens

    def _decode(self, body: bytes, outcome: Outcome) -> tuple[str, Any]:
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise RequestError(
                f"cannot decode the request: it is not UTF-8 JSON ({error}); send "
                '{"method_name": ..., "params": [auth, args]}'
            ) from None
        except RecursionError:
            raise RequestError(
                "cannot decode the request: its JSON is nested too deeply to read; "
                "flatten its filter groups"
            ) from None
        if not isinstance(payload, dict):
            raise RequestError("cannot decode the request: expected a JSON object")
        method, params = payload.get("method_name"), payload.get("params", [])
        if not isinstance(method, str) or method not in self._methods:
            raise RequestError(
                f"unknown method {method!r}: this site answers "
                f"{', '.join(sorted(self._methods))}"
            )
        outcome.method = method
        if not isinstance(params, list):
            raise RequestError(f"cannot decode {method} params: expected a list")
        check_integers(params, method)
        if method == "info":
            return method, None
        args = params[1] if len(params) > 1 else None
        if isinstance(args, dict) and isinstance(args.get("type"), str):
            outcome.entity_type = args["type"]
        outcome.user = self.check_auth(params[0] if params else None)
        return method, args

    # Methods ------------------------------------------------------------------

    def _info(self, args, outcome: Outcome) -> dict:
        return {
            "version": list(SERVER_VERSION),
            "full_version": [*SERVER_VERSION, 0],
            "api_max_entities_per_page": self.page_size,
            "s3_direct_uploads_enabled": False,
            "s3_enabled_upload_types": {},
            "user_authentication_method": "default",
            "totp_enabled": False,
        }

    def _read(self, args, outcome: Outcome) -> dict:
        """One page of entities.

        Whether another page follows is worked out only when the client asks for
        paging info: it costs one more matching row, or a count, and a page whose
        query matches few rows would otherwise scan on past them all.
        """
        args = _mapping(args, "read")
        query = self.store.query(_entity_type(args, "read"))
        query.select(_return_fields(args, "read"))
        query.where(args.get("filters"))
        return_only = args.get("return_only", "active")
        if return_only not in ("active", "retired"):
            raise RequestError(
                f"cannot read with return_only {return_only!r}: use 'active' or "
                "'retired'"
            )
        query.where_sql(f"t0.{RETIRED} = ?", [int(return_only == "retired")])
        if args.get("include_archived_projects") is False:
            self._skip_archived(query)
        for preset in args.get("additional_filter_presets") or []:
            self._apply_preset(query, preset)
        query.order_by(args.get("sorts"))
        per_page, page = self._paging(args.get("paging"))
        offset = (page - 1) * per_page
        paging = {"current_page": page}
        with self.store.snapshot() as conn:
            if args.get("return_paging_info"):
                entities = self.store.read(query, per_page, offset, conn)
                total = self.store.count(query, conn)
                paging["entity_count"] = total
                paging["page_count"] = -(-total // per_page)
                paging["has_next_page"] = total > offset + per_page
            elif args.get("return_paging_info_without_counts"):
                entities = self.store.read(query, per_page + 1, offset, conn)
                paging["has_next_page"] = len(entities) > per_page
                entities = entities[:per_page]
            else:
                entities = self.store.read(query, per_page, offset, conn)
        outcome.rows = len(entities)
        return {"entities": entities, "paging_info": paging}

    def _paging(self, paging) -> tuple[int, int]:
        paging = paging or {}
        if not isinstance(paging, dict):
            raise RequestError(
                f"cannot read with paging {paging!r}: expected an object with "
                "entities_per_page and current_page"
            )
        per_page = paging.get("entities_per_page", self.page_size)
        page = paging.get("current_page", 1)
        for name, value in (("entities_per_page", per_page), ("current_page", page)):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise RequestError(
                    f"cannot read with paging {name} {value!r}: expected a positive "
                    "integer"
                )
        return min(per_page, self.page_size), page

    def _skip_archived(self, query) -> None:
        schema = self.store.schema
        if not schema.has_field("Project", "archived"):
            return
        if query.entity_type == "Project":
            query.where_sql('(t0."archived" IS NULL OR t0."archived" = 0)')
        elif schema.has_field(query.entity_type, "project"):
            query.where_sql(
                '(t0."project__id" IS NULL OR t0."project__id" NOT IN (SELECT id FROM '
                f'{table_name("Project")} WHERE "archived" = 1))'
            )

    def _apply_preset(self, query, preset) -> None:
        fields = self.store.schema.fields(query.entity_type)
        name = preset.get("preset_name") if isinstance(preset, dict) else None
        latest_by = preset.get("latest_by") if isinstance(preset, dict) else None
        if (
            name != _PRESET_LATEST
            or latest_by != _PRESET_BY
            or "entity" not in fields
            or "created_at" not in fields
        ):
            raise RequestError(
                f"cannot apply filter preset {preset!r} to {query.entity_type}: this "
                f"site supports {{'preset_name': {_PRESET_LATEST!r}, 'latest_by': "
                f"{_PRESET_BY!r}}} on types with entity and created_at fields"
            )
        query.where_sql(
            f"NOT EXISTS (SELECT 1 FROM {table_name(query.entity_type)} AS o WHERE "
            f'o.{RETIRED} = 0 AND o."entity__type" = t0."entity__type" AND '
            f'o."entity__id" = t0."entity__id" AND (o."created_at" > t0."created_at" '
            f'OR (o."created_at" = t0."created_at" AND o.id > t0.id)))'
        )

    def _create(self, args, outcome: Outcome, conn=None) -> dict:
        args = _mapping(args, "create")
        entity_type = _entity_type(args, "create")
        data = _field_values(args, "create")[0]
        created = self.store.create(
            entity_type,
            data,
            _return_fields(args, "create"),
            user=outcome.user,
            conn=conn,
        )
        outcome.rows = 1
        return created

    def _update(self, args, outcome: Outcome, conn=None) -> dict:
        args = _mapping(args, "update")
        entity_type = _entity_type(args, "update")
        data, modes = _field_values(args, "update")
        if isinstance(args.get("multi_entity_update_mode"), str):
            modes = {
                name: modes.get(name, args["multi_entity_update_mode"]) for name in data
            }
        updated = self.store.update(
            entity_type, _entity_id(args, "update"), data, modes, outcome.user, conn
        )
        outcome.rows = 1
        return updated

    def _delete(self, args, outcome: Outcome, conn=None) -> bool:
        args = _mapping(args, "delete")
        entity_type = _entity_type(args, "delete")
        outcome.rows = 1
        return self.store.retire(entity_type, _entity_id(args, "delete"), conn)

    def _revive(self, args, outcome: Outcome) -> bool:
        args = _mapping(args, "revive")
        entity_type = _entity_type(args, "revive")
        outcome.rows = 1
        return self.store.revive(entity_type, _entity_id(args, "revive"))

    def _batch(self, args, outcome: Outcome) -> list:
        if not isinstance(args, list):
            raise RequestError("cannot run batch: expected a list of requests")
        handlers = {
            "create": self._create,
            "update": self._update,
            "delete": self._delete,
        }
        results = []
        with self.store.transaction() as conn:
            for index, request in enumerate(args):
                kind = (
                    request.get("request_type") if isinstance(request, dict) else None
                )
                if kind not in handlers:
                    raise RequestError(
                        f"cannot run batch request {index}: request_type {kind!r} is "
                        "not create, update or delete; nothing was applied"
                    )
                try:
                    results.append(
                        handlers[kind](request, Outcome(user=outcome.user), conn=conn)
                    )
                except RequestError as error:
                    raise RequestError(
                        f"batch request {index} ({kind} {request.get('type')}) failed, "
                        f"so nothing was applied: {error}"
                    ) from error
        outcome.rows = len(results)
        return results

    def _summarize(self, args, outcome: Outcome) -> dict:
        args = _mapping(args, "summarize")
        result = summary.summarize(self.store, _entity_type(args, "summarize"), args)
        outcome.rows = len(result["groups"])
        return result

    def _schema_read(self, args, outcome: Outcome) -> dict:
        return self.store.schema.schema_read()

    def _schema_entity_read(self, args, outcome: Outcome) -> dict:
        return self.store.schema.schema_entity_read()

    def _schema_field_read(self, args, outcome: Outcome) -> dict:
        args = _mapping(args, "schema_field_read")
        return self.store.schema.schema_field_read(
            _entity_type(args, "schema_field_read"), args.get("field_name")
        )

    def _text_search(self, args, outcome: Outcome) -> dict:
        result = search.text_search(self.store, _mapping(args, "text_search"))
        outcome.rows = len(result["matches"])
        return result

    def _session_token(self, args, outcome: Outcome) -> dict:
        token = secrets.token_hex(16)
        with self._tokens_lock:
            self._tokens[token] = True
        return {"session_id": token}


def check_integers(value, method: str) -> None:
    """Refuse any integer in ``value`` that SQLite's 64-bit integers cannot hold."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, int) and not _INT64_MIN <= item <= _INT64_MAX:
            raise RequestError(
                f"cannot run {method} with the integer {item}: it is outside the "
                f"64-bit range the site stores ({_INT64_MIN} to {_INT64_MAX}); "
                "use a smaller number"
            )


def _error_reply(error: SiteError) -> dict:
    return {"exception": True, "message": str(error), "error_code": error.error_code}


def _mapping(args, method: str) -> dict:
    if not isinstance(args, dict):
        raise RequestError(f"cannot run {method}: its parameters must be an object")
    return args


def _entity_type(args: dict, method: str) -> str:
    entity_type = args.get("type")
    if not isinstance(entity_type, str):
        raise RequestError(f"cannot run {method}: the request names no entity type")
    return entity_type


def _return_fields(args: dict, method: str) -> list:
    names = args.get("return_fields") or ["id"]
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise RequestError(
            f"cannot run {method} with return_fields {names!r}: expected a list of "
            "field names"
        )
    return names


def _entity_id(args: dict, method: str) -> int:
    entity_id = args.get("id")
    if not isinstance(entity_id, int) or isinstance(entity_id, bool):
        raise RequestError(
            f"cannot run {method} on {args.get('type')} {entity_id!r}: ids are integers"
        )
    return entity_id


def _field_values(args: dict, method: str) -> tuple[dict, dict]:
    """Split the client's ``[{"field_name", "value"}]`` list into data and modes."""
    if "data" in args and isinstance(args["data"], dict):
        return dict(args["data"]), dict(args.get("multi_entity_update_modes") or {})
    data, modes = {}, {}
    for item in args.get("fields") or []:
        if not isinstance(item, dict) or not isinstance(item.get("field_name"), str):
            raise RequestError(
                f"cannot run {method}: each field must be {{'field_name', 'value'}}, "
                f"got {item!r}"
            )
        data[item["field_name"]] = item.get("value")
        if "multi_entity_update_mode" in item:
            modes[item["field_name"]] = item["multi_entity_update_mode"]
    return data, modes
