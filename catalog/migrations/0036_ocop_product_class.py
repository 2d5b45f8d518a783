"""The catalogue's one product type, so producers can add products on a site without demo data."""

from django.db import migrations


def product_class_create(apps, schema_editor) -> None:
    ProductClass = apps.get_model("catalogue", "ProductClass")
    ProductClass.objects.get_or_create(
        slug="san-pham-ocop",
        defaults={"name": "Sản phẩm OCOP", "requires_shipping": True, "track_stock": True},
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0035_producer_products_review_and_certificate_claims")]

    operations = [migrations.RunPython(product_class_create, migrations.RunPython.noop)]
