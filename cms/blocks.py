"""StreamField blocks; product, stall and display-point blocks render the shop's own partials."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .choosers import display_point_chooser, producer_chooser, product_chooser

# Chooser blocks from the choosers' viewsets: a searchable modal, the stored value is the id.
# The names and module keep the block definitions of existing migrations unchanged.
ProductChoiceBlock = product_chooser.get_block_class(name="ProductChoiceBlock", module_path="cms.blocks")
ProducerChoiceBlock = producer_chooser.get_block_class(name="ProducerChoiceBlock", module_path="cms.blocks")
DisplayPointChoiceBlock = display_point_chooser.get_block_class(
    name="DisplayPointChoiceBlock", module_path="cms.blocks"
)


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
