# The desk registers its ModelAdmins in its own package; Django's autodiscovery looks here.
from .desk import admin  # noqa: F401
