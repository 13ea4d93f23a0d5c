#!/usr/bin/env python
"""Django's usual entry point; the same as the ``putright`` command."""

from putright.__main__ import main

if __name__ == "__main__":
    main()
