from django.db import models

from core.fields import EncryptedJSONField, EncryptedTextField


class SecretNote(models.Model):
    title = models.CharField(max_length=50)
    body = EncryptedTextField(blank=True)
    details = EncryptedJSONField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title
