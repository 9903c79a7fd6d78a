import factory
from django.utils import timezone

from accounts.models import LoginLog, Notification, NotificationDevice, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    nickname = factory.Sequence(lambda n: f"person{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    type = "habit_reminder"
    title = factory.Sequence(lambda n: f"Notification {n}")
    body = "Body"
    channels = factory.LazyFunction(lambda: ["in_app"])
    status = "skipped"
    visible_from = factory.LazyFunction(timezone.now)


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationDevice

    user = factory.SubFactory(UserFactory)
    token = factory.Sequence(lambda n: f"fcm-token-{n}")
    platform = "android"
    device_model = "SM-S921N"


class LoginLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoginLog

    user = factory.SubFactory(UserFactory)
    identifier = factory.LazyAttribute(lambda o: o.user.email)
    method = "password"
    client = "web"
    success = True
    reason = "success"
    ip = "198.51.100.1"
