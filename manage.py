#!/usr/bin/env python
from __future__ import annotations

import os
import secrets
import sys

# Commands that only read model definitions and never sign or serve anything.
# They run without SECRET_KEY (a throwaway one is used for the process), so a
# checkout can check its migrations without production secrets; every other
# command, and the WSGI app, still refuses to start without one.
OFFLINE_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsushinbo.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS and not os.environ.get("SECRET_KEY"):
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
