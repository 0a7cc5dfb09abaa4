"""A lazy Qt browser over a ShotGrid site, built on sgsession."""

__all__: list = []
