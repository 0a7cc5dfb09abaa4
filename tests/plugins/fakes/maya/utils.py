"""A fake of maya.utils: deferred calls run when the test says Maya is idle."""

from .host import HOST


def executeDeferred(call, *args):
    if isinstance(call, str):
        HOST.deferred.append(lambda: exec(call, {"__name__": "__main__"}))
    else:
        HOST.deferred.append(lambda: call(*args))
