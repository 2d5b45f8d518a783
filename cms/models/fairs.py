"""Fairs and events (hội chợ, tuần lễ OCOP, festival): dated, placed, with participating stalls."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from catalog.models import GeoPoint
from catalog.utils import slugify

from ..blocks import BodyBlock
from .sections import SectionIndexPage

# Fairs are held in Vietnam: their times are Vietnamese wall-clock times.
FAIR_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def calendar_response(content: bytes, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


class FairIndexPage(SectionIndexPage):
    """Upcoming fairs first (soonest first), then past ones (latest first); `lich.ics` is the feed."""

    CALENDAR_FILE = "lich.ics"

    subpage_types = ["cms.FairPage"]

    class Meta:
        verbose_name = _("fairs and events index")

    def get_context(self, request, *args, **kwargs):
        from .. import selectors
        from ..forms import FairFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = FairFilterForm(request.GET)
        filters = form.valid_filters()
        fairs = selectors.fair_list(
            index=self,
            today=timezone.localdate(),
            province=filters.get("province"),
            month=filters.get("month"),
            page=request.GET.get("page"),
        )
        context.update(
            form=form,
            fairs=fairs,
            upcoming=[fair for fair in fairs if not fair.is_past],
            past=[fair for fair in fairs if fair.is_past],
            query_string=form.query_string(filters),
            calendar_url=self.url + self.CALENDAR_FILE,
        )
        return context

    def serve_calendar(self, request) -> HttpResponse:
        """`<index URL>lich.ics` (cms.urls: Wagtail's page URLs cannot hold a dot)."""
        from .. import ical, selectors

        fairs = selectors.fairs_upcoming(index=self, today=timezone.localdate(), dated_only=True)
        return calendar_response(
            ical.fairs_calendar(fairs=fairs, name=self.title), filename=self.CALENDAR_FILE, attachment=False
        )


class FairPage(RoutablePageMixin, GeoPoint, Page):
    """A trade fair or promotion week (hội chợ) in a venue and province."""

    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_time = models.TimeField(_("opening time"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_time = models.TimeField(_("closing time"), null=True, blank=True)
    dates_note = models.CharField(
        _("dates as announced"),
        max_length=255,
        blank=True,
        help_text=_("When the exact dates are not known, e.g. “late November 2025”."),
    )
    province = models.ForeignKey(
        "catalogue.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where the announcement was published.")
    )
    registration_url = models.URLField(_("registration link"), max_length=500, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("dates_note"),
            ],
            heading=_("Dates"),
            help_text=_("Times are Vietnam time (UTC+7); leave them empty for all-day fairs."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("street_address"),
                FieldPanel("province"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Place"),
        ),
        FieldPanel("organiser"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("participants", label=_("Participating producers")),
        InlinePanel("fair_products", label=_("Products on show")),
        FieldPanel("registration_url"),
        FieldPanel("source"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("venue")]
    parent_page_types = ["cms.FairIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("fair or event")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.end_date and not self.start_date:
            errors["start_date"] = _("Give the start date too.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The fair cannot end before it starts.")
        if self.start_time and not self.start_date:
            errors["start_time"] = _("An opening time needs a start date.")
        if self.end_time and not self.start_date:
            errors["end_time"] = _("A closing time needs a start date.")
        if (
            self.start_time
            and self.end_time
            and (self.end_date or self.start_date) == self.start_date
            and self.end_time <= self.start_time
        ):
            errors["end_time"] = _("On a one-day fair the closing time comes after the opening time.")
        errors.update(self.coordinates_errors())
        if errors:
            raise ValidationError(errors)

    # ---------------------------------------------------------------- dates
    @property
    def last_date(self) -> datetime.date | None:
        return self.end_date or self.start_date

    @property
    def starts_at(self) -> datetime.datetime | None:
        """The opening as an aware datetime in Vietnam time, when an opening time is known."""
        if self.start_date and self.start_time:
            return datetime.datetime.combine(self.start_date, self.start_time, tzinfo=FAIR_TIME_ZONE)
        return None

    @property
    def ends_at(self) -> datetime.datetime | None:
        """The closing as an aware datetime in Vietnam time, when a closing time is known."""
        if self.last_date and self.end_time:
            return datetime.datetime.combine(self.last_date, self.end_time, tzinfo=FAIR_TIME_ZONE)
        return None

    # ---------------------------------------------------------------- place
    @property
    def address_line(self) -> str:
        """Venue, street address and province, without repeats: the LOCATION of calendars."""
        parts: list[str] = []
        for part in (self.venue, self.street_address, self.province.name if self.province_id else ""):
            if part and not any(part in earlier for earlier in parts):
                parts.append(part)
        return ", ".join(parts)

    # ---------------------------------------------------------------- routes
    @path("")
    def detail(self, request):
        from .. import selectors, structured_data

        return self.render(
            request,
            context_overrides={
                "stalls": selectors.fair_stalls(fair=self),
                "event_jsonld": structured_data.fair_event(self),
                "map_url": selectors.fair_map_url(fair=self),
                "ical_url": self.url + self.reverse_subpage("ical"),
            },
        )

    @path("ical/", name="ical")
    def ical(self, request):
        from .. import ical

        if not self.start_date:
            raise Http404("This fair has no dates yet.")
        filename = f"{slugify(self.title)[:80] or 'hoi-cho'}.ics"
        return calendar_response(ical.fair_calendar(fair=self), filename=filename, attachment=True)


class FairProducer(Orderable):
    """A producer with a stall at the fair; its stall page links back to the fair."""

    page = ParentalKey(FairPage, on_delete=models.CASCADE, related_name="participants")
    producer = models.ForeignKey(
        "partner.Partner", verbose_name=_("producer"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("producer")]

    class Meta(Orderable.Meta):
        verbose_name = _("participating producer")
        verbose_name_plural = _("participating producers")


class FairProduct(Orderable):
    """A product on show at the fair, shown under its producer's stall."""

    page = ParentalKey(FairPage, on_delete=models.CASCADE, related_name="fair_products")
    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("product")]

    class Meta(Orderable.Meta):
        verbose_name = _("product on show")
        verbose_name_plural = _("products on show")
