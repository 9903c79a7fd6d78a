from practitioners.social.api.urls import urlpatterns as social_urlpatterns

urlpatterns = [
    # the social half (reviews, messaging, health records, payouts) registers its own routes
    *social_urlpatterns,
]
