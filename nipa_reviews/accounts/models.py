"""The user model: email is the login, there is no username to leak."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(DjangoUserManager):
    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError(_("이메일은 필수입니다."))
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def new_moderation_token() -> str:
    return secrets.token_hex(5)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("이메일"), unique=True)
    # What moderators see instead of the email: the same on all of one account's
    # submissions, random, so it says nothing outside the admin. Never shown publicly.
    moderation_token = models.CharField(
        _("작성자 토큰"), max_length=10, unique=True, default=new_moderation_token, editable=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("사용자")
        verbose_name_plural = _("사용자")

    def __str__(self) -> str:
        return self.email


class Consent(models.Model):
    """What a member agreed to at sign-up, which version, and when: PIPA asks that consent to
    the collection of personal data can be shown. One row per document and version; the
    age confirmation is recorded the same way, with the terms' version."""

    class Subject(models.TextChoices):
        TERMS = "terms", _("이용약관 동의")
        PRIVACY = "privacy", _("개인정보 수집·이용 동의")
        AGE = "age_14", _("만 14세 이상 확인")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    subject = models.CharField(_("동의 항목"), max_length=10, choices=Subject.choices)
    version = models.CharField(_("문서 버전"), max_length=20)
    agreed_at = models.DateTimeField(_("동의 일시"), default=timezone.now)

    class Meta:
        verbose_name = _("동의 기록")
        verbose_name_plural = _("동의 기록")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "subject", "version"], name="consent_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} ({self.version})"
