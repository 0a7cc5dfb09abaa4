"""Item data roles the browser's models answer beyond Qt's own."""

from qtpy.QtCore import Qt

__all__ = ["ENTITY_ROLE", "ERROR_ROLE", "NODE_ROLE", "STATE_ROLE", "THUMBNAIL_ROLE"]

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_ROLE = Qt.ItemDataRole.UserRole + 3
ERROR_ROLE = Qt.ItemDataRole.UserRole + 4
THUMBNAIL_ROLE = Qt.ItemDataRole.UserRole + 5
