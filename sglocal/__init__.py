"""A local ShotGrid-compatible site: the api3 JSON protocol over HTTP, in SQLite."""

__all__: list = []
