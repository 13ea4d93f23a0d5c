"""The ``putright`` command line: Django's ``manage.py`` under the project's own name."""

import os
import sys


def main() -> None:
    """Run a management command with the project's one settings module."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    # Named 'putright' in usage and error lines however it was started (python -m, manage.py).
    execute_from_command_line(["putright", *sys.argv[1:]])


if __name__ == "__main__":
    main()
