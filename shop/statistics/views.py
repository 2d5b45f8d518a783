"""Statistics pages (national and per province) and the CSV download of each of their tables."""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .selectors import ProvinceRef, province_refs, statistics_figures
from .summary import statistics_sentences
from .tables import Table, statistics_tables


def province_or_404(slug: str | None) -> ProvinceRef | None:
    """None for the nation; a slug names one of the 34 provinces or is a 404."""
    if slug is None:
        return None
    for ref in province_refs():
        if ref.slug == slug:
            return ref
    raise Http404(_("No province has this address."))


def page_title(province: ProvinceRef | None) -> str:
    place = province.name if province else _("Whole country")
    return _("OCOP statistics — %(place)s") % {"place": place}


class StatisticsView(TemplateView):
    """/thong-ke/ and /thong-ke/<province>/: figures, charts and tables; ?province= switches."""

    template_name = "statistics/page.html"

    def get(self, request: HttpRequest, *args, slug: str | None = None, **kwargs) -> HttpResponse:
        if slug is None and "province" in request.GET:
            # The province switcher's form (works without script).
            chosen = province_or_404(request.GET["province"] or None)
            return redirect(_statistics_url(chosen))
        self.province = province_or_404(slug)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        figures = statistics_figures(province=self.province)
        tables = statistics_tables(figures, province=self.province)
        context.update(
            province=self.province,
            provinces=province_refs(),
            title=page_title(self.province),
            figures=figures,
            sentences=statistics_sentences(figures),
            summary=tables[0],
            tables=tables[1:],
        )
        return context


class StatisticsCsvView(View):
    """One table as CSV: UTF-8 with a byte order mark, so Excel reads the Vietnamese right."""

    def get(self, request: HttpRequest, table: str, slug: str | None = None) -> HttpResponse:
        province = province_or_404(slug)
        tables = statistics_tables(statistics_figures(province=province), province=province)
        chosen = next((t for t in tables if t.slug == table), None)
        if chosen is None:
            raise Http404(_("There is no such table."))
        filename = f"ocop-{province.slug if province else 'toan-quoc'}-{chosen.slug}.csv"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")
        table_csv_write(chosen, response)
        return response


def table_csv_write(table: Table, out) -> None:
    writer = csv.writer(out)
    writer.writerow([_("Code"), table.row_header, *table.headers])
    for row in table.rows:
        writer.writerow([row.key, row.label, *(cell.value for cell in row.cells)])


def _statistics_url(province: ProvinceRef | None) -> str:
    if province is None:
        return reverse("ocop-statistics:index")
    return reverse("ocop-statistics:province", kwargs={"slug": province.slug})
