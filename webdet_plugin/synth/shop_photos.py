"""Real product photos for the synthetic shops' pictures (with generated shapes among them).

Synthetic shops drew every picture as flat SVG shapes, so a model trained on them had never seen
a photo where a real page shows one. :class:`ShopPhotos` gives each page a product of the photo
bank (a product group: its photos fill the main image and the thumbnails) and other products'
photos for the related products; with probability ``1 - photo_prob`` a picture stays generated
shapes, but never all of a page's: if the main image is shapes, the first related product gets
a photo. A shop draws only from the photos of its own split (no product photo is in two splits).
"""
import random
from pathlib import Path
from typing import Dict, List

from .outside_data import Photo, PhotoBank
from .shop_templates import ImageSource, svg_image


class ShopPhotos:
    """Picture sources of synthetic shop pages, from one split of the photo bank.

    Args:
        groups (dict[str, list[Photo]]): Product photos by product group (one split's,
            :meth:`PhotoBank.groups`).
        photo_prob (float): Chance that a picture is a photo rather than generated shapes.
            Defaults to 0.8.

    Raises:
        ValueError: If ``groups`` is empty or ``photo_prob`` is not in [0, 1].
    """

    def __init__(self, groups: Dict[str, List[Photo]], photo_prob: float = 0.8) -> None:
        if not groups:
            raise ValueError('ShopPhotos: no product photos')
        if not 0.0 <= photo_prob <= 1.0:
            raise ValueError(f'ShopPhotos: photo_prob {photo_prob} is not in [0, 1]')
        self.names = sorted(groups)
        self.uris = {g: [Path(p.path).absolute().as_uri() for p in groups[g]] for g in self.names}
        self.photo_prob = photo_prob

    @classmethod
    def from_bank(cls, bank: PhotoBank, split: str, photo_prob: float = 0.8) -> 'ShopPhotos':
        """The photos of ``split`` (``'train'``, ``'val'`` or ``'test'``) of ``bank``."""
        groups = bank.groups(split)
        if not groups:
            raise ValueError(f'the photo bank has no {split} product photos')
        return cls(groups, photo_prob)

    def for_page(self, rng: random.Random) -> ImageSource:
        """The picture source of one page, drawing from the page's ``rng``.

        Args:
            rng (random.Random): The page's generator (the page stays deterministic).

        Returns:
            ImageSource: ``(role, w, h) -> src`` for ``'main'``, ``'thumb'`` and ``'related'``.
        """
        product = self.uris[rng.choice(self.names)]
        main_is_photo = rng.random() < self.photo_prob
        state = dict(thumbs=0, related=0)

        def image_src(role: str, w: int, h: int) -> str:
            if role == 'main':
                return product[0] if main_is_photo else svg_image(rng, w, h)
            if role == 'thumb':  # the same product: its other photos
                state['thumbs'] += 1
                if not main_is_photo:
                    return svg_image(rng, w, h)
                return product[state['thumbs'] % len(product)]
            state['related'] += 1
            forced = not main_is_photo and state['related'] == 1
            if forced or rng.random() < self.photo_prob:
                return rng.choice(self.uris[rng.choice(self.names)])
            return svg_image(rng, w, h)

        return image_src
