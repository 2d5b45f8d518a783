"""The home page, with the fairs and stories indexes under it, exists right after `migrate`."""

from django.db import migrations


def create_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms.HomePage")
    FairIndexPage = apps.get_model("cms.FairIndexPage")
    StoryIndexPage = apps.get_model("cms.StoryIndexPage")

    locale = Locale.objects.order_by("pk").first() or Locale.objects.create(language_code="vi")
    # Wagtail's installer leaves a "Welcome" page at depth 2: ours takes its place.
    Page.objects.filter(depth=2, content_type__model="page").delete()
    root = Page.objects.get(depth=1)

    def content_type(model):
        return ContentType.objects.get_or_create(app_label="cms", model=model)[0]

    home = HomePage.objects.create(
        title="Chợ OCOP", draft_title="Chợ OCOP", slug="home", path=f"{root.path}0001", depth=2,
        numchild=2, url_path="/home/", live=True, locale=locale, content_type=content_type("homepage"),
        intro="Sản phẩm OCOP 3–5 sao từ 34 tỉnh, thành phố — mua trực tuyến hoặc tìm điểm bán gần bạn.",
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    for position, (model, title, slug) in enumerate(
        [(FairIndexPage, "Hội chợ và sự kiện", "hoi-cho"), (StoryIndexPage, "Câu chuyện sản phẩm và tin tức", "tin-tuc")],
        start=1,
    ):
        model.objects.create(
            title=title, draft_title=title, slug=slug, path=f"{home.path}{position:04d}", depth=3, numchild=0,
            url_path=f"/home/{slug}/", live=True, locale=locale, content_type=content_type(model.__name__.lower()),
        )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "site_name": "Chợ OCOP", "root_page": home}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
