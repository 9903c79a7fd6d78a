from django.conf import settings

from core import navigation


def haru(request):
    return {
        "HARU_DEBUG": settings.DEBUG,
        "ADMIN_URL": "/" + settings.ADMIN_URL,
        **navigation.build(request),
    }
