"""Oscar's placeholder image is linked into MEDIA_ROOT by whichever request needs it first."""

import os
import threading
from pathlib import Path

from oscar.apps.catalogue.abstract_models import MissingProductImage

from catalog.models import Product, SharedMissingProductImage


def link_at_once(image_class: type[MissingProductImage], threads: int = 24) -> list[BaseException]:
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def first_request() -> None:
        barrier.wait()
        try:
            image_class()
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    workers = [threading.Thread(target=first_request) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors


def test_many_first_requests_at_once_all_get_the_placeholder(settings, tmp_path: Path) -> None:
    for attempt in range(20):
        settings.MEDIA_ROOT = str(tmp_path / f"media-{attempt}")
        assert link_at_once(SharedMissingProductImage) == []
        linked = Path(settings.MEDIA_ROOT) / settings.OSCAR_MISSING_IMAGE_URL
        assert linked.is_symlink() and linked.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_broken_link_is_made_anew(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    linked = tmp_path / settings.OSCAR_MISSING_IMAGE_URL
    os.symlink(tmp_path / "gone.png", linked)
    SharedMissingProductImage()
    assert linked.exists()


def test_products_use_the_shared_placeholder() -> None:
    assert isinstance(Product().get_missing_image(), SharedMissingProductImage)
