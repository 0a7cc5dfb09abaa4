"""A small fake of Maya's Python modules, modelling their documented behaviour."""
