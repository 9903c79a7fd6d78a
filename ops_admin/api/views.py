"""Support desk API: a member's own inquiries (list, create, read the thread, reply)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from core.api.schema import ErrorSerializer
from ops_admin import selectors
from ops_admin.api import serializers as s
from ops_admin.models import SupportInquiry
from ops_admin.services import support as services

ERRORS = {400: ErrorSerializer, 404: ErrorSerializer}


class InquiryPagination(CursorPagination):
    ordering = ("-created_at", "-id")
    page_size = 20
    max_page_size = 100


@extend_schema(tags=["support"])
class SupportInquiryViewSet(viewsets.ViewSet):
    """The signed-in member's support inquiries; anyone else's answer 404."""

    pagination_class = InquiryPagination
    queryset = SupportInquiry.objects.none()  # for the schema's path parameter type only

    @extend_schema(responses={200: s.SupportInquirySerializer(many=True)})
    def list(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.inquiry_list_for_user(user=request.user), request, view=self
        )
        return paginator.get_paginated_response(s.SupportInquirySerializer(page, many=True).data)

    def _detail(self, inquiry: SupportInquiry) -> dict:
        inquiry.thread = selectors.inquiry_thread(inquiry=inquiry)  # type: ignore[attr-defined]
        return s.SupportInquiryDetailSerializer(inquiry).data

    @extend_schema(responses={200: s.SupportInquiryDetailSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        inquiry = selectors.inquiry_get_for_user(user=request.user, inquiry_id=pk)
        return Response(self._detail(inquiry))

    @extend_schema(
        request=s.SupportInquiryInputSerializer,
        responses={201: s.SupportInquiryDetailSerializer, **ERRORS},
    )
    def create(self, request):
        body = s.SupportInquiryInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        category = selectors.support_category_get(code=data["category"])
        inquiry = services.inquiry_create(
            user=request.user,
            category=category,
            subject=data["subject"],
            message=data["message"],
            attachment_ids=data["attachment_ids"],
            language=request.user.language,
        )
        return Response(self._detail(inquiry), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.SupportFollowUpSerializer,
        responses={201: s.SupportInquiryDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        inquiry = selectors.inquiry_get_for_user(user=request.user, inquiry_id=pk)
        body = s.SupportFollowUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.inquiry_follow_up(
            inquiry=inquiry, body=body.validated_data["body"], author=request.user
        )
        return Response(self._detail(inquiry), status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"])
class SupportCategoryViewSet(viewsets.ViewSet):
    @extend_schema(responses={200: s.SupportCategorySerializer(many=True)})
    def list(self, request):
        data = [{"code": c.code, "name": c.name} for c in selectors.support_categories()]
        return Response(s.SupportCategorySerializer(data, many=True).data)
