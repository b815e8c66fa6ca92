"""Synthetic shops: templates and the dataset generator (uses capture; knows no models)."""
from .generator import generate_dataset, write_shop_html
from .shop_templates import ShopStyle, render_product_page, sample_shop_style, shop_pages

__all__ = ['generate_dataset', 'write_shop_html', 'ShopStyle', 'render_product_page',
           'sample_shop_style', 'shop_pages']
