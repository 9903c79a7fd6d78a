"""Diary API: the same services and selectors as the pages."""

from __future__ import annotations

from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from core.api.schema import ErrorSerializer
from diaries import selectors, services
from diaries.api import serializers as s
from diaries.enums import AnalysisStatus
from diaries.models import Entry, Report
from diaries.periods import parse_month

ERRORS = {400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


class EntryPagination(CursorPagination):
    ordering = ("-written_on", "-id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class ReportPagination(CursorPagination):
    ordering = ("-period_start", "-id")
    page_size = 20
    max_page_size = 100


def _safety(saved: services.EntrySaved) -> dict:
    resources = ()
    if saved.assessment.level != "none":
        from coaching.safety import resources_for

        resources = tuple(saved.assessment.resources) or resources_for(get_language() or "ko")
    return {
        "level": saved.assessment.level,
        "resources": [
            {
                "name": str(r.name),
                "phone": str(r.phone),
                "description": str(r.description),
                "url": str(r.url),
            }
            for r in resources
        ],
    }


@extend_schema(tags=["diaries"])
class EntryViewSet(viewsets.ViewSet):
    """The signed-in user's diary entries (decrypted for them alone)."""

    pagination_class = EntryPagination
    queryset = Entry.objects.none()  # for the schema's path parameter type only
    lookup_value_regex = "[0-9]+"

    def _paginate(self, request, qs):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        entries = selectors.entries_open(user=request.user, entries=page)
        return paginator.get_paginated_response(s.EntrySerializer(entries, many=True).data)

    def _get(self, request, pk, **kwargs):
        return selectors.entry_get_for_user(user=request.user, entry_id=pk, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter("month", str, description="YYYY-MM"),
            OpenApiParameter("tag", str),
        ],
        responses={200: s.EntrySerializer(many=True)},
    )
    def list(self, request):
        month = parse_month(request.query_params.get("month"))
        tag = (request.query_params.get("tag") or "").replace("\x00", "")[:30]
        return self._paginate(
            request, selectors.entry_list(user=request.user, month=month, tag=tag)
        )

    @extend_schema(
        request=s.EntryInputSerializer, responses={201: s.EntrySavedSerializer, **ERRORS}
    )
    def create(self, request):
        body = s.EntryInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        saved = services.entry_create(user=request.user, **body.validated_data)
        data = {
            "entry": s.EntrySerializer(saved.entry).data,
            "safety": _safety(saved),
            "analysis_status": saved.analysis_status,
        }
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.EntryDetailSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        return Response(s.EntryDetailSerializer(self._get(request, pk)).data)

    @extend_schema(
        request=s.EntryInputSerializer, responses={200: s.EntrySavedSerializer, **ERRORS}
    )
    def update(self, request, pk=None):
        entry = self._get(request, pk)
        body = s.EntryInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        saved = services.entry_update(user=request.user, entry=entry, **body.validated_data)
        return Response(
            {
                "entry": s.EntrySerializer(saved.entry).data,
                "safety": _safety(saved),
                "analysis_status": saved.analysis_status,
            }
        )

    @extend_schema(responses={204: None, 404: ErrorSerializer})
    def destroy(self, request, pk=None):
        services.entry_trash(user=request.user, entry=self._get(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: s.EntrySerializer, 404: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        entry = services.entry_restore(
            user=request.user, entry=self._get(request, pk, include_trash=True)
        )
        return Response(s.EntrySerializer(entry).data)

    @extend_schema(responses={200: s.EntrySerializer(many=True)})
    @action(detail=False, methods=["get"])
    def trash(self, request):
        return self._paginate(request, selectors.entry_list(user=request.user, trash=True))

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True)],
        responses={200: s.EntrySerializer(many=True), 400: ErrorSerializer},
    )
    @action(detail=False, methods=["get"])
    def search(self, request):
        query = s.SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        text = query.validated_data["q"].replace("\x00", "")
        return self._paginate(request, selectors.entry_search(user=request.user, query=text))

    @extend_schema(responses={200: s.AnalysisSerializer(many=True), 404: ErrorSerializer})
    @action(detail=True, methods=["get"])
    def analyses(self, request, pk=None):
        entry = self._get(request, pk)
        rows = selectors.analysis_list_for_entry(user=request.user, entry=entry)
        data = []
        for a in rows:
            done = a.status == AnalysisStatus.DONE
            data.append(
                {
                    "id": a.pk,
                    "entry_version": a.entry_version,
                    "status": a.status,
                    "summary": a.summary if done else None,
                    "emotion_flow": a.emotion_flow if done else None,
                    "keywords": a.keywords if done else None,
                    "reflection_question": a.reflection_question if done else None,
                    "interpretation": a.interpretation if done else None,
                    "primary_emotion": a.primary_emotion,
                    "offline": a.offline,
                    "completed_at": a.completed_at,
                }
            )
        return Response(s.AnalysisSerializer(data, many=True).data)


@extend_schema(tags=["diaries"])
class ReportViewSet(viewsets.ViewSet):
    """The signed-in user's period reports."""

    pagination_class = ReportPagination
    queryset = Report.objects.none()  # for the schema's path parameter type only
    lookup_value_regex = "[0-9]+"

    @extend_schema(responses={200: s.ReportSerializer(many=True)})
    def list(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.report_queryset_for_user(user=request.user), request, view=self
        )
        return paginator.get_paginated_response(s.ReportSerializer(page, many=True).data)

    @extend_schema(responses={200: s.ReportDetailSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        report = selectors.report_get_for_user(user=request.user, report_id=pk)
        return Response(s.ReportDetailSerializer(report).data)

    @extend_schema(
        request=s.ReportGenerateSerializer,
        responses={201: s.ReportDetailSerializer, 400: ErrorSerializer},
    )
    @action(detail=False, methods=["post"])
    def generate(self, request):
        body = s.ReportGenerateSerializer(data=request.data)
        if not body.is_valid():
            raise ValidationError(body.errors)
        report = services.report_generate_current(
            user=request.user, period_type=body.validated_data["period_type"]
        )
        return Response(s.ReportDetailSerializer(report).data, status=status.HTTP_201_CREATED)
