from rest_framework.pagination import CursorPagination


class CreatedCursorPagination(CursorPagination):
    """Stable, index-friendly paging for long lists: newest first, no OFFSET scans."""

    ordering = ("-created_at", "-pk")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
