"""Private files (uploads, data exports) reach a browser only through a view that checked who
asks. There is no public /media/ route, in any mode.

``private_file_response`` answers with the file in the way the deployment serves files:
object storage (S3 and friends): a redirect to a short-lived signed URL; behind nginx with
``HARU_X_ACCEL_REDIRECT_PREFIX`` set: an ``X-Accel-Redirect`` to an ``internal`` location, so
nginx sends the bytes; otherwise Django streams the file itself.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.http import FileResponse, HttpResponse, HttpResponseRedirect


def private_file_response(
    file: File,
    *,
    content_type: str,
    filename: str | None = None,
    as_attachment: bool = True,
    cache_seconds: int = 0,
) -> HttpResponse:
    storage = file.storage  # type: ignore[attr-defined]
    if not hasattr(storage, "path"):  # object storage: a signed URL that expires soon
        return HttpResponseRedirect(file.url)  # type: ignore[attr-defined]
    prefix = getattr(settings, "HARU_X_ACCEL_REDIRECT_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(file.name)
    else:
        response = FileResponse(file.open("rb"), content_type=content_type)
    disposition = "attachment" if as_attachment else "inline"
    if filename:
        disposition += f'; filename="{filename}"'
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = (
        f"private, max-age={cache_seconds}" if cache_seconds else "private, no-store"
    )
    return response
