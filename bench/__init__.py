"""Haru's benchmark harness: ``make bench`` (``python -m bench``).

Loads a large data set into a dedicated database once, starts a real gunicorn server on a free
loopback port, drives it over HTTP from a bounded pool of client threads, prints a table and
writes JSON to ``var/bench/``. See ``python -m bench --help``.
"""
