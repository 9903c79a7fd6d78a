import io
import json
import logging
import logging.config

from django.conf import settings
from django.test import RequestFactory

from core.middleware import RequestIdMiddleware


def test_json_logs_carry_the_request_id_of_the_request_being_served():
    # given: the production log format writing to a buffer
    buffer = io.StringIO()
    config = {
        **settings.LOGGING,
        "handlers": {
            "buffer": {
                "class": "logging.StreamHandler",
                "stream": buffer,
                "formatter": "json",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["buffer"], "level": "INFO"},
        "loggers": {},
    }
    logging.config.dictConfig(config)
    try:
        logger = logging.getLogger("haru.test")

        def view(request):
            logger.info("checked in")
            from django.http import HttpResponse

            return HttpResponse("ok")

        # when
        RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="req-42"))
    finally:
        logging.config.dictConfig(settings.LOGGING)

    # then
    record = json.loads(buffer.getvalue().strip().splitlines()[-1])
    assert record["message"] == "checked in"
    assert record["request_id"] == "req-42"
    assert record["level"] == "INFO"
