"""Settings for a real Celery worker process started by a test: the test's database and a
short broker visibility timeout, so a message left unacknowledged by a killed worker comes
back in seconds instead of an hour (production keeps one hour)."""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["HARU_WORKER_TEST_DB"]
DATABASES["default"]["CONN_MAX_AGE"] = 0
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4, "unacked_restore_throttle": 1}
