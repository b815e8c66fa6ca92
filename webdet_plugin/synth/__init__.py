"""Synthetic shops and pages from real templates: generators (use capture; know no models)."""
from .generator import generate_dataset, write_shop_html
from .outside_data import (OutsideDataError, Photo, PhotoBank, RealPage, TemplateDesign,
                           load_real_pages, load_template, load_templates, outside_root,
                           split_families)
from .shop_photos import ShopPhotos
from .shop_templates import ShopStyle, render_product_page, sample_shop_style, shop_pages
from .template_pages import generate_template_dataset, page_fill, template_jobs

__all__ = [
    'generate_dataset', 'write_shop_html', 'OutsideDataError', 'Photo', 'PhotoBank', 'RealPage',
    'load_real_pages', 'TemplateDesign', 'load_template', 'load_templates', 'outside_root',
    'split_families',
    'ShopPhotos', 'ShopStyle', 'render_product_page', 'sample_shop_style', 'shop_pages',
    'generate_template_dataset', 'page_fill', 'template_jobs'
]
