"""The statistics as tables: translated labels, a link from every figure to the matching list,
and the chart of each table. The HTML page and the CSV downloads render these same tables."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from .charts import BarChart, BarSpec, bar_chart
from .selectors import Figures, ProvinceRef, Sector

Partner = get_model("partner", "Partner")
RATED = ["3", "4", "5"]


@dataclass(frozen=True)
class Cell:
    value: int
    url: str = ""


@dataclass(frozen=True)
class Row:
    key: str  # the stable value in the CSV: stars, sector code, producer type, status, province code
    label: str
    cells: tuple[Cell, ...]
    url: str = ""  # of the label itself (a province's statistics page)
    is_total: bool = False


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    caption: str
    row_header: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    csv_url: str
    chart: BarChart | None = None


class Links:
    """Where each figure leads: the catalogue list with the parameters of README "Search API"."""

    def __init__(self, province: ProvinceRef | None) -> None:
        self.province = province
        # The national page links ~200 figures: resolve the list's address once.
        self.catalogue = reverse("catalogue:index")

    def products(self, province: ProvinceRef | None = None, **filters: str | list[str]) -> str:
        params: dict[str, str | list[str]] = dict(filters)
        if province := province or self.province:
            params["province"] = province.code
        query = urlencode(params, doseq=True)
        return self.catalogue + (f"?{query}" if query else "")

    def display_points(self, province: ProvinceRef | None = None) -> str:
        # The display points list has no province filter; a province's page lists its points.
        if (province := province or self.province) is None:
            return reverse("displays:list")
        return reverse("catalogue:province", kwargs={"slug": province.slug}) + "#province-points"

    @staticmethod
    def statistics(province: ProvinceRef) -> str:
        return reverse("ocop-statistics:province", kwargs={"slug": province.slug})

    def csv(self, table: str) -> str:
        if self.province is None:
            return reverse("ocop-statistics:csv", kwargs={"table": table})
        return reverse("ocop-statistics:province-csv", kwargs={"slug": self.province.slug, "table": table})


def statistics_tables(figures: Figures, *, province: ProvinceRef | None) -> list[Table]:
    """Every table of the page in reading order; the national page ends with one row per province."""
    links = Links(province)
    tables = [
        summary_table(figures, links),
        stars_table(figures, links),
        sectors_table(figures, links),
        producers_table(figures, links),
        certificates_table(figures, links),
    ]
    if province is None:
        tables.append(provinces_table(figures, links))
    return tables


def _single(value: int, url: str = "") -> tuple[Cell, ...]:
    return (Cell(value, url),)


def summary_table(figures: Figures, links: Links) -> Table:
    statuses = figures.statuses
    rows = (
        Row("products", _("Products listed"), _single(figures.products, links.products())),
        Row("rated", _("Products of 3 stars or more"), _single(figures.rated, links.products(stars=RATED))),
        Row("producers", _("Producers"), _single(figures.producers, links.products())),
        Row("display_points", _("Display points"), _single(figures.display_points, links.display_points())),
        Row("expiring", expiring_label(), _single(statuses["expiring"], links.products(status="expiring"))),
        Row(
            "expired",
            _("Certificates expired"),
            _single(statuses["expired"], links.products(status="expired")),
        ),
    )
    return Table(
        slug="summary",
        title=_("At a glance"),
        caption=_("Key figures"),
        row_header=_("Figure"),
        headers=(_("Number"),),
        rows=rows,
        csv_url=links.csv("summary"),
    )


def expiring_label() -> str:
    return _("Certificates expiring within %(days)s days") % {"days": settings.OCOP_EXPIRING_DAYS}


def stars_table(figures: Figures, links: Links) -> Table:
    by_stars = [
        Row(str(stars), _("%(stars)s stars") % {"stars": stars}, _single(n, links.products(stars=str(stars))))
        for stars, n in figures.stars.items()
    ]
    unrated = Row("unrated", _("Without a published rating"), _single(figures.unrated))
    rows = (
        *by_stars,
        Row("3+", _("3 stars or more"), _single(figures.rated, links.products(stars=RATED)), is_total=True),
        unrated,
        Row("all", _("All listed products"), _single(figures.products, links.products()), is_total=True),
    )
    bars = [BarSpec(row.label, row.cells[0].value, "stars") for row in by_stars]
    bars.append(BarSpec(unrated.label, figures.unrated, "muted"))
    chart = bar_chart(id="chart-stars", title=_("Products by OCOP stars"), bars=bars)
    return Table(
        slug="stars",
        title=_("By stars"),
        caption=_("Products by OCOP stars"),
        row_header=_("Rating"),
        headers=(_("Products"),),
        rows=rows,
        csv_url=links.csv("stars"),
        chart=chart,
    )


def _sector_name(sector: Sector) -> str:
    if sector.name_en and (get_language() or "vi").startswith("en"):
        return sector.name_en
    return sector.name


def sectors_table(figures: Figures, links: Links) -> Table:
    rows = tuple(
        Row(
            sector.code,
            f"{sector.code}. {_sector_name(sector)}",
            _single(sector.products, links.products(category=sector.slug)),
        )
        for sector in figures.sectors
    )
    chart = bar_chart(
        id="chart-sectors",
        title=_("Products by sector"),
        bars=[BarSpec(row.label, row.cells[0].value) for row in rows],
    )
    caption = _("Products by OCOP sector (Decision 148/QĐ-TTg); a product in two sectors counts in each")
    return Table(
        slug="sectors",
        title=_("By sector"),
        caption=caption,
        row_header=_("Sector"),
        headers=(_("Products"),),
        rows=rows,
        csv_url=links.csv("sectors"),
        chart=chart,
    )


def producers_table(figures: Figures, links: Links) -> Table:
    labels = dict(Partner.Kind.choices)
    rows = [
        Row(
            row.kind or "unrecorded",
            str(labels[row.kind]) if row.kind else _("Type not recorded"),
            (
                Cell(row.producers, links.products(producer_type=row.kind) if row.kind else ""),
                Cell(row.products, links.products(producer_type=row.kind) if row.kind else ""),
            ),
        )
        for row in figures.producer_kinds
    ]
    with_producer = sum(row.products for row in figures.producer_kinds)
    rows.append(Row("all", _("All producers"), (Cell(figures.producers), Cell(with_producer)), is_total=True))
    chart = bar_chart(
        id="chart-producers",
        title=_("Producers by type"),
        bars=[BarSpec(row.label, row.cells[0].value) for row in rows if not row.is_total],
    )
    caption = _("Producers (chủ thể OCOP) of the listed products, by type, and their products")
    headers = (_("Producers"), _("Products"))
    return Table(
        slug="producers",
        title=_("By producer type"),
        caption=caption,
        row_header=_("Producer type"),
        headers=headers,
        rows=tuple(rows),
        csv_url=links.csv("producers"),
        chart=chart,
    )


def certificates_table(figures: Figures, links: Links) -> Table:
    days = settings.OCOP_EXPIRING_DAYS
    labels = {
        "valid": _("Valid for more than %(days)s days") % {"days": days},
        "expiring": expiring_label(),
        "expired": _("Certificates expired"),
        "unknown": _("No expiry date published"),
    }
    tones = {"valid": "default", "expiring": "warning", "expired": "danger", "unknown": "muted"}
    rows = tuple(
        Row(status, labels[status], _single(n, links.products(status=status)))
        for status, n in figures.statuses.items()
    )
    chart = bar_chart(
        id="chart-certificates",
        title=_("Certificates by validity"),
        bars=[BarSpec(row.label, row.cells[0].value, tones[row.key]) for row in rows],
    )
    caption = _("Products by the validity of their OCOP certificate (36 months from the decision)")
    return Table(
        slug="certificates",
        title=_("Certificates"),
        caption=caption,
        row_header=_("Certificate"),
        headers=(_("Products"),),
        rows=rows,
        csv_url=links.csv("certificates"),
        chart=chart,
    )


def provinces_table(figures: Figures, links: Links) -> Table:
    rows = tuple(
        Row(
            row.province.code,
            row.province.name,
            (
                Cell(row.products, links.products(province=row.province)),
                Cell(row.rated, links.products(province=row.province, stars=RATED)),
                Cell(row.producers, links.products(province=row.province)),
                Cell(row.display_points, links.display_points(row.province)),
            ),
            url=links.statistics(row.province),
        )
        for row in figures.provinces
    )
    ranked = sorted(rows, key=lambda row: -row.cells[1].value)  # stable: ties stay alphabetical
    chart = bar_chart(
        id="chart-provinces",
        title=_("Products of 3 stars or more by province"),
        bars=[BarSpec(row.label, row.cells[1].value) for row in ranked],
    )
    headers = (_("Products"), _("Of 3 stars or more"), _("Producers"), _("Display points"))
    caption = _("The 34 provinces and cities")
    return Table(
        slug="provinces",
        title=_("By province"),
        caption=caption,
        row_header=_("Province"),
        headers=headers,
        rows=rows,
        csv_url=links.csv("provinces"),
        chart=chart,
    )
