from django.urls import include, path

app_name = "practitioners"

urlpatterns = [
    # the social half: messages, reviews, health records, practice clients/payouts
    path("", include("practitioners.social.urls")),
]
