from core.api.router import api_router

from . import views

api_router.register("support/inquiries", views.SupportInquiryViewSet, basename="support-inquiry")
api_router.register("support/categories", views.SupportCategoryViewSet, basename="support-category")

urlpatterns: list = []
