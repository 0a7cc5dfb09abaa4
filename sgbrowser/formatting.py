"""How field values read in the browser: links by name, dates short, paths local."""

import datetime

__all__ = ["describe_error", "entity_path", "format_value", "link_name"]


def link_name(link):
    """The name of an entity link, whichever shape it came in."""
    if not link:
        return ""
    for key in ("name", "code", "content"):
        value = link.get(key)
        if isinstance(value, str) and value:
            return value
    display = getattr(link, "display_name", None)
    if display:
        return display
    return f"{link.get('type', 'Entity')} {link.get('id', '?')}"


def format_value(value):
    """A field's value as one line of text; empty for no value."""
    if value is None or value == "":
        return ""
    if isinstance(value, dict):
        if "type" in value and "id" in value:
            return link_name(value)
        return _url_text(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(filter(None, (format_value(item) for item in value)))
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _url_text(value):
    for key in ("local_path", "local_path_linux", "url", "name"):
        if value.get(key):
            return str(value[key])
    return ""


def entity_path(entity):
    """The file path an entity stands for, if it has one: a version's frames, a file."""
    if entity is None:
        return ""
    for field in ("sg_path_to_frames", "sg_path_to_movie", "path", "path_cache"):
        value = entity.get(field)
        if isinstance(value, dict):
            value = _url_text(value)
        if value:
            return str(value)
    return ""


def describe_error(error):
    """An exception as a reader would say it: a site's HTTP answer by its status."""
    status = getattr(error, "errcode", None)
    if isinstance(status, int):
        reason = getattr(error, "errmsg", "") or ""
        return f"the site answered {status} {reason}".rstrip()
    return str(error) or type(error).__name__
