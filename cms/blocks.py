"""StreamField blocks; product, stall and display-point blocks render the shop's own partials."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class ModelChoiceBlock(blocks.ChooserBlock):
    """Chooses a shop object (not a Wagtail snippet) by primary key from a plain select."""

    model_label = ""

    @property
    def target_model(self):
        from django.apps import apps

        return apps.get_model(self.model_label)

    @property
    def widget(self):
        from django import forms

        # Bounded: an editor picks from the newest 500; the block stores only the id.
        objects = self.target_model.objects.order_by("-pk")[:500]
        return forms.Select(choices=[("", "---------")] + [(o.pk, str(o)) for o in objects])


class ProductChoiceBlock(ModelChoiceBlock):
    model_label = "catalogue.Product"


class ProducerChoiceBlock(ModelChoiceBlock):
    model_label = "partner.Partner"


class DisplayPointChoiceBlock(ModelChoiceBlock):
    model_label = "displays.DisplayPoint"


class ProductBlock(blocks.StructBlock):
    product = ProductChoiceBlock(label=_("Product"))

    class Meta:
        template = "components/blocks/product.html"
        icon = "pick"


class StallBlock(blocks.StructBlock):
    producer = ProducerChoiceBlock(label=_("Producer"))

    class Meta:
        template = "components/blocks/stall.html"
        icon = "home"


class DisplayPointBlock(blocks.StructBlock):
    display_point = DisplayPointChoiceBlock(label=_("Display point"))

    class Meta:
        template = "components/blocks/display_point.html"
        icon = "site"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", icon="title", label=_("Heading"))
    paragraph = blocks.RichTextBlock(label=_("Paragraph"))
    image = ImageBlock(label=_("Image"))
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
    product = ProductBlock(label=_("Product"))
    stall = StallBlock(label=_("Producer stall"))
    display_point = DisplayPointBlock(label=_("Display point"))
