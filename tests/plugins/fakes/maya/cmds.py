"""A fake of maya.cmds: the commands the plugin uses, as documented."""

import os

from .host import HOST, MAIN_WINDOW, Menu

_FILE_TYPES = {
    "mayaAscii": None,
    "mayaBinary": None,
    "Alembic": "AbcImport",
    "USD Import": "mayaUsdPlugin",
}
_CONTROL_FLAGS = {
    "exists",
    "visible",
    "restore",
    "r",
    "close",
    "uiScript",
    "retain",
    "label",
    "floating",
    "loadImmediately",
    "initialWidth",
    "initialHeight",
}


def about(batch=False):
    return HOST.batch if batch else "2024"


def workspaceControl(name, query=False, edit=False, **flags):
    unknown = set(flags) - _CONTROL_FLAGS
    if unknown:
        raise TypeError(f"Invalid flags: {sorted(unknown)}")
    if flags.get("exists"):
        return HOST.is_alive(name)
    if (query or edit) and not HOST.is_alive(name):
        raise RuntimeError(f"Object '{name}' not found.")
    if query:
        return _query_control(name, flags)
    if edit:
        return _edit_control(name, flags)
    return HOST.create_control(
        name,
        retain=flags.get("retain", True),
        ui_script=flags.get("uiScript", ""),
        label=flags.get("label", ""),
    )


def _query_control(name, flags):
    control = HOST.controls[name]
    if flags.get("visible"):
        return control.widget.isVisible()
    if flags.get("uiScript"):
        return control.ui_script
    raise TypeError(f"no query flag among {sorted(flags)}")


def _edit_control(name, flags):
    control = HOST.controls[name]
    if "uiScript" in flags:
        control.ui_script = flags["uiScript"]
    if "label" in flags:
        control.label = flags["label"]
    if flags.get("restore") or flags.get("visible"):
        HOST.restore_control(name)
    if flags.get("r") or flags.get("visible"):
        HOST.raise_control(name)
    if flags.get("visible") is False:
        HOST.hide_control(name)
    if flags.get("close"):
        HOST.close_control(name)


def deleteUI(name, menu=False, control=False):
    if menu:
        if name not in HOST.menus:
            raise RuntimeError(f"Object '{name}' not found.")
        del HOST.menus[name]
        return
    if not HOST.is_alive(name):
        raise RuntimeError(f"Object '{name}' not found.")
    HOST.controls[name].retain = False
    HOST.close_control(name)


def menu(name, exists=False, label="", parent=None, tearOff=False):
    if exists:
        return name in HOST.menus
    if parent != MAIN_WINDOW:
        raise RuntimeError(f"Parent '{parent}' is not a window.")
    if name in HOST.menus:
        raise RuntimeError(f"Object's name '{name}' is not unique.")
    HOST.menus[name] = Menu(label)
    return name


def menuItem(label="", command=None, parent=None, annotation=""):
    if parent not in HOST.menus:
        raise RuntimeError(f"Object '{parent}' not found.")
    HOST.menus[parent].items.append((label, command))


def pluginInfo(name, query=False, loaded=False):
    return name in HOST.loaded_plugins


def loadPlugin(name, quiet=False):
    if name not in HOST.available_plugins:
        raise RuntimeError(f'Plug-in, "{name}", was not found on MAYA_PLUG_IN_PATH.')
    HOST.loaded_plugins.add(name)
    return [name]


def file(path, type=None, namespace=None, reference=False, i=False, **flags):
    plugin = _FILE_TYPES.get(type, "unknown")
    if plugin == "unknown" or (plugin and plugin not in HOST.loaded_plugins):
        raise RuntimeError(f"Unrecognized file type '{type}'.")
    if not os.path.exists(path):
        raise RuntimeError(f"File not found: {path}")
    kind = "reference" if reference else "import" if i else "open"
    HOST.files.append((kind, path, type, namespace))
    return path
