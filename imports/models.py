"""Batches of minutes brought in together, each document read by the background worker."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A document that has made a worker stop this many times is refused, so that it cannot
# hold the batch up for ever.
MAX_ATTEMPTS = 3


def stale_after() -> datetime.timedelta:
    """A document the worker took up this long ago and never finished was left by a worker
    that stopped: it is taken up again. Reading a long PDF may take half a minute."""
    return datetime.timedelta(seconds=settings.IMPORT_STALE_SECONDS)


class ImportBatch(models.Model):
    """Minutes uploaded together, as several files or one zip archive."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    name = models.CharField(_("name"), max_length=255, blank=True)
    # Loaded with `manage.py import_minutes` on the server, which may load every forum's
    # minutes; an upload reads only those of the forums the uploader keeps.
    from_command = models.BooleanField(_("loaded by a command"), default=False)
    # Set while the worker saves the documents read without a warning, and renewed at
    # each one saved: a time long past means the worker stopped and the work is resumed.
    saving_since = models.DateTimeField(_("saving since"), null=True, blank=True)
    saving_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saving_links = models.BooleanField(_("making the proposed links"), default=False)
    saving_publish = models.BooleanField(_("publishing as approved earlier"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return self.name or f"{self.created_at:%Y-%m-%d %H:%M}"


class DocumentQuerySet(models.QuerySet):
    def in_review_order(self) -> DocumentQuerySet:
        """Date order across forums, so that earlier meetings are saved before the later
        ones that refer to them."""
        return self.order_by(models.F("date").asc(nulls_last=True), "forum__chain_level", "pk")

    def stalled(self, now: datetime.datetime | None = None) -> DocumentQuerySet:
        """Documents a worker was given or took up and never finished."""
        cutoff = (now or timezone.now()) - stale_after()
        return self.filter(
            Q(status=ImportDocument.Status.QUEUED, queued_at__lt=cutoff)
            | Q(status=ImportDocument.Status.READING, started_at__lt=cutoff)
        )

    def reviewable(self) -> DocumentQuerySet:
        return self.filter(status=ImportDocument.Status.PARSED)


class ImportDocument(models.Model):
    """One file of a batch: its bytes until read, then what was read, then its meeting."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        READING = "reading", _("Being read")
        PARSED = "parsed", _("Read, to review")
        DUPLICATE = "duplicate", _("Duplicate")
        REFUSED = "refused", _("Refused")
        SAVED = "saved", _("Saved")
        DISCARDED = "discarded", _("Left out")

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="documents"
    )
    name = models.CharField(_("file"), max_length=500)
    data = models.BinaryField(_("file contents"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    message = models.TextField(_("message"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    started_at = models.DateTimeField(_("taken up"), null=True, blank=True)
    finished_at = models.DateTimeField(_("read"), null=True, blank=True)
    checksum = models.CharField(_("checksum"), max_length=64, blank=True, db_index=True)
    forum = models.ForeignKey(
        "council.Forum",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date = models.DateField(_("meeting date"), null=True, blank=True)
    items = models.PositiveIntegerField(_("items"), default=0)
    clauses = models.PositiveIntegerField(_("clauses"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    # What the review page starts from: the text, the meeting read and the warnings.
    state = models.JSONField(_("reading"), default=dict, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duplicate_of = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("the meeting already in the register"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "pk"]
        verbose_name = _("imported document")
        verbose_name_plural = _("imported documents")
        indexes = [models.Index(fields=["status", "queued_at"], name="importdoc_status_queued")]

    def __str__(self) -> str:
        return self.name
