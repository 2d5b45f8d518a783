"""What the benchmarks share: Django set up on the test settings, a catalogue of a given size."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup(*, default_database: str | None = None) -> None:
    """Test settings (DEBUG off, fast hashing), media in the ignored .cache folder."""
    cache = ROOT / ".cache"
    cache.mkdir(exist_ok=True)
    if default_database:
        os.environ.setdefault("DATABASE_URL", default_database)
    os.environ.setdefault("MEDIA_ROOT", str(cache / "bench-media"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "shop.settings.test"
    import django

    django.setup()


def catalogue_fill(target: int) -> int:
    """Migrate, load the demo data once, add synthetic products up to `target`; the count."""
    from django.core.management import call_command
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    call_command("migrate", verbosity=0)
    if not Product.objects.filter(upc__startswith="OCOP-").exists():
        call_command("ocop_load_demo", "--no-images")
    missing = target - Product.objects.count()
    if missing > 0:
        call_command("ocop_generate_catalog", "--products", str(missing))
    return Product.objects.count()
