from __future__ import annotations

from core.exceptions import NotFoundError


def or_404(func, **kwargs):
    """Call an ``*_get_for_user`` selector, turning NotFoundError into a 404 page."""
    from django.http import Http404

    try:
        return func(**kwargs)
    except NotFoundError as error:
        raise Http404(str(error)) from error
