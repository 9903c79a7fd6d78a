"""Export contents, anonymisation of resigned accounts, the beat schedules, uploads, audit."""

from __future__ import annotations

import datetime
import io
import json
import socket
import struct
import threading
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from PIL import Image

from accounts import exports
from accounts.models import (
    DataExport,
    LoginLog,
    Notification,
    NotificationDevice,
    UploadedFile,
    User,
)
from accounts.services import (
    UploadError,
    data_export_build,
    data_export_purge_expired,
    notify,
    upload_create,
    upload_scan,
    user_anonymise,
    user_avatar_set,
    user_change_state,
    user_ids_due_for_anonymisation,
    user_update_profile,
)
from accounts.tasks import anonymise_resigned_users

from .factories import DeviceFactory, LoginLogFactory


def image_file(fmt="JPEG", size=(64, 48), exif=False) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "orange")
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        kwargs["exif"] = data.tobytes()
    image.save(buffer, fmt, **kwargs)
    return SimpleUploadedFile(f"photo.{fmt.lower()}", buffer.getvalue())


@pytest.mark.django_db
class TestExport:
    def test_zip_holds_only_the_users_own_data(self, alice, bob):
        notify(user=alice, type="t", title="alice-note")
        notify(user=bob, type="t", title="bob-note")
        LoginLogFactory(user=bob, ip="192.0.2.55")
        upload_create(owner=alice, file=image_file(), context="diary")
        upload_create(owner=bob, file=image_file(), context="diary")
        exports.register_exporter("test-extra", lambda user: {"who": user.email})
        try:
            export = DataExport.objects.create(user=alice)
            data_export_build(export_id=export.pk)
        finally:
            exports.unregister_exporter("test-extra")
        export.refresh_from_db()
        assert export.status == "ready"
        assert export.expires_at > timezone.now()
        with zipfile.ZipFile(export.file.open("rb")) as archive:
            names = archive.namelist()
            content = {n: archive.read(n) for n in names}
        assert {
            "account.json",
            "notifications.json",
            "login_history.json",
            "test-extra.json",
            "README.txt",
        } <= set(names)
        assert json.loads(content["account.json"])["email"] == alice.email
        assert json.loads(content["test-extra.json"]) == {"who": alice.email}
        assert [n["title"] for n in json.loads(content["notifications.json"])] == ["alice-note"]
        everything = b"".join(content.values())
        assert bob.email.encode() not in everything
        assert b"bob-note" not in everything
        assert b"192.0.2.55" not in everything
        assert len([n for n in names if n.startswith("files/")]) == 1
        # the user is told
        assert Notification.objects.filter(user=alice, type="data_export_ready").exists()

    def test_building_twice_does_nothing_the_second_time(self, alice):
        export = DataExport.objects.create(user=alice)
        data_export_build(export_id=export.pk)
        first_name = DataExport.objects.get(pk=export.pk).file.name
        data_export_build(export_id=export.pk)
        assert DataExport.objects.get(pk=export.pk).file.name == first_name
        assert Notification.objects.filter(type="data_export_ready").count() == 1

    def test_expired_exports_lose_their_file(self, alice):
        export = DataExport.objects.create(user=alice)
        data_export_build(export_id=export.pk)
        export.refresh_from_db()
        storage, name = export.file.storage, export.file.name
        DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
        assert data_export_purge_expired() == 1
        assert data_export_purge_expired() == 0
        assert not storage.exists(name)
        assert DataExport.objects.get(pk=export.pk).status == "expired"


@pytest.mark.django_db
class TestAnonymise:
    def _resigned_long_ago(self, user):
        user_change_state(user=user, new_state="resigned", actor=user, reason="bye")
        User.objects.filter(pk=user.pk).update(
            deleted_at=timezone.now() - datetime.timedelta(days=31)
        )

    def test_removes_personal_fields_and_is_idempotent(
        self, alice, bob, verified, django_capture_on_commit_callbacks
    ):
        verified(alice)
        user_update_profile(
            user=alice,
            name="Alice Kim",
            phone="01012345678",
            bio="hi",
            birth_date=datetime.date(1990, 1, 2),
            gender="female",
        )
        avatar = upload_create(owner=alice, file=image_file(), context="avatar")
        user_avatar_set(user=alice, upload=avatar)
        stored = avatar.file.name
        DeviceFactory(user=alice)
        notify(user=alice, type="t", title="private")
        LoginLogFactory(user=alice, ip="198.51.100.7", device="iPhone")
        self._resigned_long_ago(alice)
        bob_email = bob.email

        # when
        with django_capture_on_commit_callbacks(execute=True):
            assert anonymise_resigned_users() == 1
        assert anonymise_resigned_users() == 0  # second run: nothing left to do
        assert user_anonymise(user_id=alice.pk) is False

        # then
        alice.refresh_from_db()
        assert alice.email is None
        assert alice.name == ""
        assert alice.phone == ""
        assert alice.bio == ""
        assert alice.birth_date is None
        assert alice.birth_year is None
        assert alice.gender == ""
        assert alice.avatar is None
        assert not alice.has_usable_password()
        assert alice.anonymised_at is not None
        assert alice.state == "resigned"
        assert not UploadedFile.objects.filter(owner=alice).exists()
        assert not avatar.file.storage.exists(stored)
        assert not NotificationDevice.objects.filter(user=alice).exists()
        assert not Notification.objects.filter(user=alice).exists()
        log = LoginLog.objects.get(user=alice)
        assert log.ip is None
        assert log.device == ""
        assert log.identifier == ""
        history = User.pgh_event_model.objects.filter(pgh_obj_id=alice.pk)
        assert not history.filter(email__isnull=False).exists()  # old copies of PII are gone
        bob.refresh_from_db()
        assert bob.email == bob_email  # nobody else touched

    def test_not_before_thirty_days(self, alice):
        user_change_state(user=alice, new_state="resigned", actor=alice)
        assert user_ids_due_for_anonymisation() == []

    def test_registered_anonymisers_run(self, alice):
        seen = []
        exports.register_anonymiser("test-app", lambda user: seen.append(user.pk))
        try:
            self._resigned_long_ago(alice)
            anonymise_resigned_users()
        finally:
            exports.unregister_anonymiser("test-app")
        assert seen == [alice.pk]

    def test_an_anonymised_account_cannot_be_restored(self, alice, operator):
        from core.exceptions import ConflictError

        self._resigned_long_ago(alice)
        anonymise_resigned_users()
        with pytest.raises(ConflictError):
            user_change_state(user=alice, new_state="active", actor=operator, reason="oops")


@pytest.mark.django_db
def test_beat_schedules_exist_from_the_migration():
    names = set(
        PeriodicTask.objects.filter(name__startswith="accounts.").values_list("task", flat=True)
    )
    assert names == {
        "accounts.deliver_due_notifications",
        "accounts.anonymise_resigned_users",
        "accounts.purge_expired_exports",
    }


@pytest.mark.django_db
def test_the_schedule_migration_is_idempotent():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("accounts.migrations.0003_beat_schedules")
    before = PeriodicTask.objects.count()
    migration.create_schedules(apps, None)
    migration.create_schedules(apps, None)
    assert PeriodicTask.objects.count() == before


@pytest.mark.django_db
class TestUploads:
    def test_image_is_sniffed_reencoded_and_stripped_of_exif(self, alice):
        upload = upload_create(owner=alice, file=image_file(exif=True), context="avatar")
        assert (upload.mime_type, upload.width, upload.height) == ("image/jpeg", 64, 48)
        with upload.file.open("rb") as handle, Image.open(handle) as stored:
            assert 0x010F not in stored.getexif()
        assert upload.scan_status == "skipped"  # no clamd configured
        assert len(upload.checksum) == 64

    def test_a_renamed_pdf_is_not_an_image(self, alice):
        fake = SimpleUploadedFile("cat.jpg", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n" * 20)
        with pytest.raises(UploadError) as info:
            upload_create(owner=alice, file=fake, context="avatar")
        assert info.value.code == "file_type_not_allowed"

    def test_size_limit(self, alice):
        with pytest.raises(UploadError) as info:
            upload_create(
                owner=alice, file=image_file(size=(400, 400)), context="avatar", max_bytes=500
            )
        assert info.value.code == "file_too_large"

    def test_executables_are_refused_even_when_any_type_is_allowed(self, alice):
        elf = SimpleUploadedFile("tool", b"\x7fELF\x02\x01\x01" + b"\x00" * 200)
        with pytest.raises(UploadError):
            upload_create(owner=alice, file=elf, context="attachment", allowed="any")

    def test_pdf_accepted_when_any_type_is_allowed(self, alice):
        pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.7\n" + b"x" * 100)
        upload = upload_create(owner=alice, file=pdf, context="attachment", allowed="any")
        assert upload.mime_type == "application/pdf"


class FakeClamd:
    """A local TCP server speaking clamd's INSTREAM protocol; flags the EICAR test string."""

    EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                command = b""
                while not command.endswith(b"\0"):
                    command += conn.recv(1)
                assert command == b"zINSTREAM\0"
                data = b""
                while True:
                    size = struct.unpack("!L", self._exact(conn, 4))[0]
                    if size == 0:
                        break
                    data += self._exact(conn, size)
                reply = (
                    b"stream: Eicar-Test-Signature FOUND\0"
                    if self.EICAR in data
                    else b"stream: OK\0"
                )
                conn.sendall(reply)

    @staticmethod
    def _exact(conn, n):
        buf = b""
        while len(buf) < n:
            buf += conn.recv(n - len(buf))
        return buf

    def close(self):
        self.sock.close()


@pytest.mark.django_db
def test_virus_scan_marks_clean_and_infected_files(alice, settings):
    clamd = FakeClamd()
    settings.CLAMAV_HOST, settings.CLAMAV_PORT = "127.0.0.1", clamd.port
    try:
        clean = upload_create(owner=alice, file=image_file(), context="diary")
        bad = upload_create(
            owner=alice,
            file=SimpleUploadedFile("x.txt", FakeClamd.EICAR),
            context="attachment",
            allowed="any",
        )
        assert clean.scan_status == bad.scan_status == "pending"
        assert upload_scan(upload_id=clean.pk).scan_status == "clean"
        infected = upload_scan(upload_id=bad.pk)
        assert infected.scan_status == "infected"
        assert infected.scan_result == {"signature": "Eicar-Test-Signature"}
        assert upload_scan(upload_id=bad.pk) is None  # already scanned: nothing to do
    finally:
        clamd.close()


@pytest.mark.django_db
def test_audit_history_records_the_acting_user_and_request_id(client, alice, verified):
    verified(alice)
    client.force_login(alice)
    response = client.post(
        "/accounts/profile/",
        {
            "nickname": "새이름",
            "timezone": "Asia/Seoul",
            "language": "ko",
            "name": "",
            "bio": "",
            "phone": "",
            "gender": "",
            "birth_date": "",
        },
        HTTP_X_REQUEST_ID="req-audit-123",
    )
    assert response.status_code == 302
    event = User.pgh_event_model.objects.filter(pgh_obj_id=alice.pk, nickname="새이름").get()
    assert event.pgh_context.metadata["request_id"] == "req-audit-123"
    assert event.pgh_context.metadata["user"] == str(alice.pk)
    assert not hasattr(event, "password")


@pytest.mark.django_db
def test_operator_rescan_queues_files_again_but_never_an_infected_one(
    alice, settings, django_capture_on_commit_callbacks
):
    from accounts.models import UploadedFile
    from accounts.services import uploads_rescan

    settings.CLAMAV_HOST = ""  # stored as skipped: never scanned
    skipped = upload_create(owner=alice, file=image_file(), context="diary")
    infected = upload_create(owner=alice, file=image_file(), context="diary")
    UploadedFile.objects.filter(pk=infected.pk).update(scan_status="infected")

    with django_capture_on_commit_callbacks() as callbacks:
        queued = uploads_rescan(upload_ids=[skipped.pk, infected.pk])

    assert queued == 1
    assert len(callbacks) == 1  # one scan task, sent after commit
    skipped.refresh_from_db()
    infected.refresh_from_db()
    assert skipped.scan_status == "pending"
    assert infected.scan_status == "infected"
