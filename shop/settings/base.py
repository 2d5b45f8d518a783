"""Settings shared by every environment; each integration is read from the environment."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403  (Oscar's documented way to load its defaults)

from . import content_security
from .environment import env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent


# ---------------------------------------------------------------- core
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_ID = 1
# The public origin: every link in an email starts here (DESIGN.md §3).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # `runserver` leaves static files to WhiteNoise, so `make run` serves them compressed as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # its sitemap.xml templates (the sections are in cms.sitemaps)
    # Oscar, with our forks in place of the originals (package `catalog` has label `catalogue`)
    "shop.config.ShopConfig",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "shop.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "shop.shipping.apps.ShippingConfig",
    "catalog.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "shop.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "shop.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "shop.customer.apps.CustomerConfig",  # Oscar's, with sign-out by POST only
    "search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "shop.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "shop.dashboard.orders.apps.OrdersDashboardConfig",
    "shop.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",  # installed for Oscar; URLs hidden
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    # Our own apps
    "shop.displays.apps.DisplaysConfig",
    "shop.statistics.apps.StatisticsConfig",
    "shop.fulfilment.apps.FulfilmentConfig",
    "cms.apps.CmsConfig",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "csp",
]

MIDDLEWARE = [
    # Outermost: compresses pages and, under `runserver`, static files (collected ones are precompressed by
    # WhiteNoise, which marks them so this leaves them alone). Django masks its gzip output against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "shop.csp.ContentSecurityPolicyMiddleware",  # outside the others: their error pages get it too
    "shop.middleware.ApiErrorsAsJsonMiddleware",  # outside the others: it sees their error pages too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shop.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "search.context_processors.search_form",
                "search.context_processors.listing_version",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "catalog.context_processors.navigation",
            ],
            # Shop's own tags (Oscar has a `basket_tags`): its app config is Oscar's, so not found by app.
            "libraries": {"shop_header": "shop.templatetags.shop_header"},
        },
    },
]

# ---------------------------------------------------------------- database
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0") or 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiles any query it estimates as costly (facet counts over the whole
    # catalogue are): ~0.4 s of compiling to save milliseconds. Our queries are short: off.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default takes concurrent checkouts: readers never wait for the writer (WAL),
    # and every transaction takes the write lock when it begins (IMMEDIATE), so writers queue
    # for up to `timeout` seconds instead of failing with "database is locked" halfway through.
    # SQLite has no row locks: IMMEDIATE also serialises checkouts' stock check and allocation.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL",
    )


# ---------------------------------------------------------------- cache
def cache_from_url(url: str | None) -> dict:
    """CACHE_URL as a CACHES entry: unset → this process's memory; redis://… → Redis.

    Several app servers must share one cache: the search vocabularies and statistics are kept
    in it (or validated by a token kept in it), so a change made through one server is seen by
    the next request to any other. Local memory is one process's own: fine for one server."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme = urlsplit(url).scheme
    if scheme not in {"redis", "rediss", "unix"}:
        # Only the scheme in the message: the URL may hold a password.
        raise ImproperlyConfigured(
            "Set the CACHE_URL environment variable to a redis://, rediss:// or unix:// URL, or leave "
            f"it unset for local memory; its scheme is {scheme or 'missing'!r}."
        )
    return {
        "BACKEND": "shop.cache.RedisCache",  # Django's, keeping its Redis clients
        "LOCATION": url,
        # Several sites (or test runs) sharing one Redis keep apart by prefix.
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", ""),
    }


CACHES = {"default": cache_from_url(env("CACHE_URL"))}

# ---------------------------------------------------------------- i18n
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["shop.formats"]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]

# ---------------------------------------------------------------- static and media
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Media (product photos, stall logos, CMS images) on the filesystem, or on an S3-compatible object
# store through django-storages when AWS_STORAGE_BUCKET_NAME is set. boto3 reads the keys from
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; AWS_S3_ENDPOINT_URL points at a non-AWS store.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
MEDIA_STORAGE: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN"),
            "location": env("AWS_LOCATION", "media") or "",
            # Signed URLs by default (a private bucket works as is); public buckets behind a CDN
            # set AWS_QUERYSTRING_AUTH=0 so image URLs stay cacheable.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
            "file_overwrite": False,
        },
    }
# Where media URLs point (the Content-Security-Policy's img-src allows them): a CDN's domain, the
# store's endpoint (path or virtual-host style), or AWS's own bucket hosts.
MEDIA_ORIGINS: list[str] = []
if AWS_STORAGE_BUCKET_NAME:
    _options = MEDIA_STORAGE["OPTIONS"]
    if _options["custom_domain"]:
        MEDIA_ORIGINS = [f"https://{_options['custom_domain']}"]
    elif _options["endpoint_url"]:
        _endpoint = urlsplit(_options["endpoint_url"])
        MEDIA_ORIGINS = [
            f"{_endpoint.scheme}://{_endpoint.netloc}",
            f"{_endpoint.scheme}://*.{_endpoint.netloc}",
        ]
    else:
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
        if _options["region_name"]:
            MEDIA_ORIGINS.append(
                f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_options['region_name']}.amazonaws.com"
            )
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads: refuse anything larger than this (bytes); Pillow's decompression-bomb guard stays on.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# ---------------------------------------------------------------- auth
AUTHENTICATION_BACKENDS = [
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = reverse_lazy("customer:login")
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# ---------------------------------------------------------------- email
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25") or 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Chợ OCOP <no-reply@cho-ocop.vn>")
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------- background tasks
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# ---------------------------------------------------------------- search
# Unset: the database backend, nothing to run. Set: Elasticsearch 8, with the database answering
# whenever the cluster cannot (search.backends.FallbackBackend).
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
# An alias over versioned indexes (`<alias>-<timestamp>`) that search_rebuild_index swaps.
ELASTICSEARCH_INDEX = env("ELASTICSEARCH_INDEX", "ocop-products")
# Seconds a page may wait for the cluster; no retry on timeout, so an outage never hangs a page.
ELASTICSEARCH_TIMEOUT = float(env("ELASTICSEARCH_TIMEOUT", "2") or 2)
# Seconds a bulk request of search_rebuild_index or of a re-indexing task may take.
ELASTICSEARCH_BULK_TIMEOUT = float(env("ELASTICSEARCH_BULK_TIMEOUT", "60") or 60)
# After a failed request, pages use the database for this many seconds before trying again.
ELASTICSEARCH_RETRY_AFTER = float(env("ELASTICSEARCH_RETRY_AFTER", "30") or 30)
# Replicas of the live index (0 on a single node; a rebuild runs with none and restores this).
ELASTICSEARCH_REPLICAS = int(env("ELASTICSEARCH_REPLICAS", "0") or 0)

# ---------------------------------------------------------------- Oscar
OSCAR_SHOP_NAME = "Chợ OCOP"
OSCAR_SHOP_TAGLINE = _("One Commune One Product marketplace")
OSCAR_HOMEPAGE = "/"
# Oscar's emails link to "<schema>://<Site domain><path>": the Site follows SITE_URL (shop/sites.py).
OSCAR_URL_SCHEMA = urlsplit(SITE_URL).scheme or "http"
OSCAR_DEFAULT_CURRENCY = "VND"
# Prices read "125.000 ₫" in both languages: the đồng has no minor unit.
OSCAR_CURRENCY_FORMAT = {"VND": {"format": "#,##0\u00a0¤", "currency_digits": False, "locale": "vi_VN"}}
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_ALLOW_ANON_REVIEWS = False
# A review shows once staff approve it in the dashboard (Trade promotion staff may: shop.groups).
OSCAR_MODERATE_REVIEWS = True
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_SLUG_FUNCTION = "catalog.utils.slugify"
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "line4", "state", "country", "phone_number")
OSCAR_MISSING_IMAGE_URL = "placeholder.png"  # under static/oscar/img/
# An order's own status follows fulfilment; how it is paid lives in payment.OrderPayment.
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending": ("Being processed", "Cancelled"),
    "Being processed": ("Complete", "Cancelled"),
    "Complete": (),
    "Cancelled": (),
}
# Each line is one producer's goods: its status is that producer's shipping status, changed by the
# producer in its dashboard (shop/dashboard/orders) and shown to it alone.
OSCAR_INITIAL_LINE_STATUS = "Pending"
OSCAR_LINE_STATUS_PIPELINE = {
    "Pending": ("Being prepared", "Shipped", "Cancelled"),
    "Being prepared": ("Shipped", "Cancelled"),
    "Shipped": ("Delivered", "Returned"),
    "Delivered": ("Returned",),
    "Returned": (),
    "Cancelled": (),
}
# One CMS: drop Oscar's flatpages entry from the dashboard menu and link Wagtail's admin instead;
# staff review producer applications from it.
OSCAR_DASHBOARD_NAVIGATION = [
    {**item, "children": [c for c in item["children"] if c.get("url_name") != "dashboard:page-list"]}
    if "children" in item
    else item
    for item in OSCAR_DASHBOARD_NAVIGATION  # noqa: F405
] + [
    # Staff only: Oscar derives who sees it from the view's permissions (shop.dashboard.apps).
    {"label": _("Producer applications"), "icon": "fas fa-store", "url_name": "dashboard:application-list"},
    {"label": _("My stall"), "icon": "fas fa-store", "url_name": "dashboard:stall-profile"},
    {
        "label": _("Content (Wagtail)"),
        "icon": "fas fa-bullhorn",
        "url_name": "wagtailadmin_home",
        # Not an Oscar dashboard URL, so Oscar cannot derive who may see it: say so here.
        "access_fn": lambda user, *args, **kwargs: user.is_staff,
    },
]
# Producers and staff find the sales report under Fulfilment, after Orders and Statistics.
for _item in OSCAR_DASHBOARD_NAVIGATION:
    if any(child.get("url_name") == "dashboard:order-stats" for child in _item.get("children", ())):
        _item["children"].insert(2, {"label": _("Sales report"), "url_name": "dashboard:order-sales-report"})
        # VietQR transfers received and the bank statement import: Order managers only.
        _item["children"].insert(
            3, {"label": _("Bank transfers"), "url_name": "dashboard:order-bank-transfer-list"}
        )
# Staff's review queues for producers' products and certificates (shop/dashboard/catalogue).
_REVIEW_QUEUES = [
    {"label": _("Products to review"), "url_name": "dashboard:catalogue-product-review-list"},
    {"label": _("Certificates to verify"), "url_name": "dashboard:catalogue-certificate-claim-list"},
]
OSCAR_DASHBOARD_NAVIGATION = [
    {**item, "children": [*item["children"], *_REVIEW_QUEUES]}
    if any(c.get("url_name") == "dashboard:catalogue-product-list" for c in item.get("children", []))
    else item
    for item in OSCAR_DASHBOARD_NAVIGATION
]
# Our search fork does not use Haystack, but Oscar's class loader still imports Oscar's own
# search modules (which import haystack) as the fallback: give that import a harmless engine.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}

# ---------------------------------------------------------------- Wagtail
WAGTAIL_SITE_NAME = "Chợ OCOP"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Every image upload passes catalog.uploads.validate_image_upload, the CMS's through this form;
# Wagtail's own limits are the same (a test keeps them equal), so no upload is judged twice apart.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.images.ImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# The admin works offline: no avatars from gravatar.com, no release check, no "what's new" banner
# linking out, no oEmbed look-ups from rich text.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Page slugs in readable ASCII, like the shop's ("Hội chợ Đà Lạt" → hoi-cho-da-lat; DESIGN.md §2).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": [
                "h2",
                "h3",
                "h4",
                "bold",
                "italic",
                "ol",
                "ul",
                "hr",
                "link",
                "document-link",
                "image",
            ]
        },
    }
}

# ---------------------------------------------------------------- OCOP
OCOP_CERTIFICATE_MONTHS = 36  # Decision 148/QĐ-TTg: a certificate is valid 36 months
OCOP_EXPIRING_DAYS = 90

# ---------------------------------------------------------------- logging
# LOG_FORMAT=json: one JSON object per line (python-json-logger), for a log collector; the
# production default. text: plain lines for a terminal, the default elsewhere.
LOG_FORMAT = env("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "elastic_transport": {"level": "WARNING"},  # one INFO line per request otherwise
        "stripe": {"level": "WARNING"},
    },
}

# ---------------------------------------------------------------- error reporting
# Set: unhandled errors and error logs go to Sentry (or a compatible service, e.g. GlitchTip),
# without personal data. Unset: nothing leaves the server.
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        release=env("SENTRY_RELEASE"),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
        send_default_pii=False,
    )

# ---------------------------------------------------------------- payments
# Cards through Stripe and VietQR bank transfers: shop/settings/payments.py.
from .payments import *  # noqa: E402, F403

# ---------------------------------------------------------------- Content-Security-Policy
# django-csp, through shop.csp.ContentSecurityPolicyMiddleware: the policies are built in
# shop/settings/content_security.py; images may also come from where media live.
_MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "://" in MEDIA_URL else None
OSCAR_INLINE_STYLES = content_security.OSCAR_INLINE_STYLES
CONTENT_SECURITY_POLICY = content_security.site_policy(
    media_origins=[*([_MEDIA_ORIGIN] if _MEDIA_ORIGIN else []), *MEDIA_ORIGINS]
)
CONTENT_SECURITY_POLICY_CARD_PAYMENT = content_security.CARD_PAYMENT
CONTENT_SECURITY_POLICY_BACK_OFFICE = content_security.back_office_policy(CONTENT_SECURITY_POLICY)
CONTENT_SECURITY_POLICY_API = content_security.api_policy()
