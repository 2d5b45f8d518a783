"""Wagtail pages: home, fairs and events, product stories and news."""

from .fairs import FairIndexPage, FairPage, FairProducer, FairProduct
from .home import HomePage, HomePageFeaturedProduct
from .stories import StoryIndexPage, StoryPage, StoryProduct

__all__ = [
    "FairIndexPage",
    "FairPage",
    "FairProducer",
    "FairProduct",
    "HomePage",
    "HomePageFeaturedProduct",
    "StoryIndexPage",
    "StoryPage",
    "StoryProduct",
]
