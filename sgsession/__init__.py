"""A caching ShotGrid session: one Entity per (type, id), batched fetches."""

__all__: list = []
