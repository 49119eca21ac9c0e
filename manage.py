#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path


def read_local_env(path: Path) -> None:
    """KEY=VALUE lines from a developer's git-ignored .env; the real environment wins.

    Only manage.py reads it (never wsgi.py, and .dockerignore keeps it out of images), so that
    `manage.py shell` works on a laptop while production takes everything from its environment.
    """
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


def main() -> None:
    read_local_env(Path(__file__).resolve().parent / ".env")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
