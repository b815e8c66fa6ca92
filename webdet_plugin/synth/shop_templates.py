"""Synthetic shop templates: each shop is a different layout and style of product page.

A :class:`ShopStyle` is drawn once per shop (layout, fonts, colours, where name/price/image sit,
header/nav/footer/breadcrumbs, related products, price format); :func:`render_product_page` draws
one product and returns the page's HTML. The main product's name, current price and main image
carry ``data-webdet-label`` attributes; related products (with their own names, prices and images)
and struck-through old prices are distractors. Everything is deterministic given the RNGs.
"""
import html
import random
from dataclasses import dataclass
from typing import Callable, List, Optional
from urllib.parse import quote

LAYOUTS = ('image_left', 'image_right', 'image_top', 'price_first', 'gallery', 'sidebar')
FONTS = ('DejaVu Sans', 'DejaVu Serif', 'Liberation Sans', 'Liberation Serif', 'DejaVu Sans Mono',
         'Liberation Mono', 'sans-serif', 'serif')
PRICE_FORMATS = ('${:,.2f}', '{:,.2f} €', '£{:,.2f}', '{:,.0f} Kč', '¥{:,.0f}', 'CHF {:,.2f}',
                 '{:,.2f} zł', 'US$ {:,.2f}', '€{:,.2f}', '{:,.2f} USD')
ADJ = ('Classic', 'Ultra', 'Compact', 'Premium', 'Eco', 'Smart', 'Vintage', 'Pro', 'Deluxe',
       'Portable', 'Wireless', 'Ergonomic', 'Handmade', 'Organic', 'Heavy-duty', 'Slim')
MATERIAL = ('Steel', 'Oak', 'Cotton', 'Ceramic', 'Leather', 'Bamboo', 'Glass', 'Carbon', 'Wool',
            'Aluminium', 'Linen', 'Copper')
NOUN = ('Kettle', 'Backpack', 'Desk Lamp', 'Headphones', 'Chair', 'Mug', 'Sneakers', 'Watch',
        'Blender', 'Jacket', 'Notebook', 'Speaker', 'Tent', 'Knife Set', 'Umbrella', 'Keyboard')
# order of the product-info blocks (the 'price_first' layout always puts the price first)
INFO_ORDERS = (('name', 'price', 'extras'), ('name', 'price', 'extras'),
               ('name', 'extras', 'price'), ('crumbs', 'name', 'price', 'extras'),
               ('name', 'rating', 'price', 'buy'))
BRANDS = ('Acme', 'Northwind', 'Globex', 'Initech', 'Umbrella Co', 'Stark', 'Wayne', 'Hooli',
          'Vandelay', 'Soylent', 'Tyrell', 'Cyberdyne')
WORDS = ('quality', 'design', 'comfort', 'durable', 'everyday', 'perfect', 'gift', 'warranty',
         'shipping', 'return', 'material', 'size', 'colour', 'modern', 'light', 'easy', 'care',
         'made', 'with', 'for', 'the', 'and', 'your', 'home', 'office', 'travel', 'new')


# the src of a page's image: (role, width, height) -> URI; role is 'main', 'thumb' or 'related'
ImageSource = Callable[[str, int, int], str]


@dataclass
class ShopStyle:
    """The look of one shop; drawn by :func:`sample_shop_style`."""
    shop_id: str
    title: str
    layout: str
    font: str
    base_size: int
    bg: str
    fg: str
    accent: str
    price_color: str
    name_tag: str
    name_size: int
    price_size: int
    price_format: str
    old_price_prob: float
    breadcrumbs: bool
    nav_items: int
    header_h: int
    image_w: int
    image_h: int
    related: int
    related_cols: int
    name_long_prob: float
    desc_range: tuple
    content_w: int
    info_order: tuple
    price_caption: str
    price_boxed: bool
    name_upper: bool


def _color(rng: random.Random, dark: bool) -> str:
    lo, hi = (0, 90) if dark else (200, 255)
    return '#%02x%02x%02x' % tuple(rng.randint(lo, hi) for _ in range(3))


def sample_shop_style(shop_index: int, seed: int = 0) -> ShopStyle:
    """Draw the style of shop ``shop_index`` (layouts cycle so every layout appears)."""
    rng = random.Random(f'{seed}-shop-{shop_index}')
    dark_theme = rng.random() < 0.2
    return ShopStyle(
        shop_id=f'shop{shop_index:02d}',
        title=f'{rng.choice(BRANDS)} {rng.choice(("Store", "Shop", "Outlet", "Market", "Goods"))}',
        layout=LAYOUTS[shop_index % len(LAYOUTS)],
        font=rng.choice(FONTS),
        base_size=rng.randint(13, 17),
        bg=_color(rng, dark_theme),
        fg=_color(rng, not dark_theme),
        accent='#%02x%02x%02x' % (rng.randint(0, 255), rng.randint(0, 160), rng.randint(0, 255)),
        price_color=rng.choice(('#c00', '#b12704', '#080', '#0a58ca', 'inherit', '#e47911')),
        name_tag=rng.choice(('h1', 'h1', 'h2', 'div')),
        name_size=rng.randint(20, 34),
        price_size=rng.randint(16, 30),
        price_format=rng.choice(PRICE_FORMATS),
        old_price_prob=rng.choice((0.0, 0.3, 0.6)),
        breadcrumbs=rng.random() < 0.6,
        nav_items=rng.randint(0, 8),
        header_h=rng.randint(40, 120),
        image_w=rng.randint(240, 520),
        image_h=rng.randint(220, 480),
        related=rng.randint(2, 8),
        related_cols=rng.randint(2, 4),
        name_long_prob=rng.choice((0.1, 0.25, 0.4)),
        desc_range=(rng.randint(0, 2), rng.randint(3, 12)),
        content_w=rng.choice((960, 1080, 1180, 1240)),
        info_order=rng.choice(INFO_ORDERS),
        price_caption=rng.choice(('', '', 'Price:', 'Our price', 'Now only', 'Preis:')),
        price_boxed=rng.random() < 0.3,
        name_upper=rng.random() < 0.15,
    )


def svg_image(rng: random.Random, w: int, h: int) -> str:
    """A data-URI SVG 'photo': background, a few shapes."""
    shapes = []
    for _ in range(rng.randint(2, 6)):
        c = '#%06x' % rng.randint(0, 0xFFFFFF)
        if rng.random() < 0.5:
            shapes.append(f'<circle cx="{rng.randint(0, w)}" cy="{rng.randint(0, h)}" '
                          f'r="{rng.randint(10, max(11, min(w, h) // 2))}" fill="{c}"/>')
        else:
            shapes.append(f'<rect x="{rng.randint(0, w // 2)}" y="{rng.randint(0, h // 2)}" '
                          f'width="{rng.randint(10, w)}" height="{rng.randint(10, h)}" '
                          f'fill="{c}" rx="{rng.randint(0, 20)}"/>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">'
           f'<rect width="{w}" height="{h}" fill="#{rng.randint(0, 0xFFFFFF):06x}"/>'
           + ''.join(shapes) + '</svg>')
    return 'data:image/svg+xml,' + quote(svg)


def product_name(rng: random.Random, long_prob: float) -> str:
    parts = [rng.choice(BRANDS), rng.choice(ADJ), rng.choice(MATERIAL), rng.choice(NOUN)]
    if rng.random() < long_prob:
        parts += [rng.choice(('with', 'for', '-', '+')), rng.choice(ADJ), rng.choice(NOUN)]
        parts += [f'{rng.randint(1, 99)}{rng.choice(("cm", "L", "pcs", "W", "GB"))}']
        parts += rng.sample(WORDS, rng.randint(2, 8))
    elif rng.random() < 0.3:
        parts = parts[2:]
    return ' '.join(parts)


def format_price(fmt: str, value: float) -> str:
    text = fmt.format(value)
    if fmt.endswith(('€', 'zł', 'Kč')):  # continental style: 1.299,99 / 1 299
        text = text.replace(',', ' ').replace('.', ',') if 'Kč' in fmt else \
            text.replace(',', '_').replace('.', ',').replace('_', '.')
    return text


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return ' '.join(words).capitalize() + '.'


def _img(src: str, w: int, h: int, attrs: str) -> str:
    """An ``img`` of ``w`` x ``h``; a photo is cropped to fill it (generated SVGs fit it)."""
    fill = '' if src.startswith('data:image/svg') else ' style="object-fit:cover"'
    return f'<img {attrs}src="{src}" width="{w}" height="{h}"{fill}'


def _related_html(rng: random.Random, st: ShopStyle, image_src: ImageSource) -> str:
    items = []
    for _ in range(st.related):
        w = rng.randint(120, 200)
        price = format_price(st.price_format, rng.uniform(3, 900))
        items.append(
            f'<div class="rel">{_img(image_src("related", w, w), w, w, "")} '
            f'alt="related"><div class="rel-name">{html.escape(product_name(rng, 0.1))}</div>'
            f'<div class="rel-price">{price}</div></div>')
    title = rng.choice(('You may also like', 'Related products', 'Customers also bought'))
    return (f'<section class="related"><h3>{title}</h3>'
            f'<div class="rel-grid">{"".join(items)}</div></section>')


def render_product_page(st: ShopStyle, rng: random.Random,
                        image_src: Optional[ImageSource] = None) -> str:
    """HTML of one product page of shop ``st``.

    Args:
        st (ShopStyle): The shop.
        rng (random.Random): Draws the product and the page's variations.
        image_src (ImageSource, optional): The pictures (e.g. photos,
            :class:`~webdet_plugin.synth.ShopPhotos`); None: generated SVG shapes.

    Returns:
        str: The page's HTML.
    """
    if image_src is None:
        def image_src(role: str, w: int, h: int) -> str:
            return svg_image(rng, w, h)
    name = html.escape(product_name(rng, st.name_long_prob))
    value = rng.uniform(2, 3000) if rng.random() < 0.8 else rng.uniform(2, 60)
    price = format_price(st.price_format, value)
    old = (f'<s class="old">{format_price(st.price_format, value * rng.uniform(1.1, 1.8))}</s> '
           if rng.random() < st.old_price_prob else '')
    img_w = max(160, int(st.image_w * rng.uniform(0.85, 1.15)))
    img_h = max(160, int(st.image_h * rng.uniform(0.85, 1.15)))
    main_img = (_img(image_src('main', img_w, img_h), img_w, img_h,
                     'data-webdet-label="image" class="main" ') + f' alt="{name}">')
    thumbs = ''.join(_img(image_src('thumb', 60, 60), 60, 60, '') + ' alt="thumb">'
                     for _ in range(rng.randint(0, 4)))
    # the label sits on an inline span: its box is the text's extent, not the (block) heading's
    # full column width, which nothing on the screenshot shows
    name_el = (f'<{st.name_tag} class="name"><span data-webdet-label="name">{name}</span>'
               f'</{st.name_tag}>')
    caption = f'<span class="caption">{st.price_caption}</span> ' if st.price_caption else ''
    price_el = (f'<div class="prices">{caption}{old}<span class="price" '
                f'data-webdet-label="price">{price}</span></div>')
    buy = rng.choice(('Add to cart', 'Buy now', 'In den Warenkorb'))
    rating = (f'<div class="rating">{"★" * rng.randint(1, 5)} ({rng.randint(0, 999)} reviews)'
              f'</div>')
    buy_el = (f'<button class="buy">{buy}</button><p class="ship">Delivery in '
              f'{rng.randint(1, 9)} days, SKU {rng.randint(10000, 99999)}</p>')
    desc = ''.join(f'<p>{sentence(rng, rng.randint(8, 40))}</p>'
                   for _ in range(rng.randint(*st.desc_range)))
    crumbs = (f'<div class="crumbs">Home › {rng.choice(NOUN)}s › {name[:30]}</div>'
              if st.breadcrumbs else '')
    blocks = dict(name=name_el, price=price_el, rating=rating, buy=buy_el,
                  extras=rating + buy_el, crumbs=crumbs)
    order = list(st.info_order)
    if st.layout == 'price_first':
        order = ['price'] + [b for b in order if b != 'price']
    info = f'<div class="info">{"".join(blocks[b] for b in order)}</div>'
    gallery = f'<div class="gallery">{main_img}<div class="thumbs">{thumbs}</div></div>'
    if st.layout == 'image_right':
        product = f'<div class="product row">{info}{gallery}</div>'
    elif st.layout in ('image_top', 'gallery'):
        product = f'<div class="product col">{gallery}{info}</div>'
    else:
        product = f'<div class="product row">{gallery}{info}</div>'
    nav = ''.join(f'<a href="#">{rng.choice(NOUN)}s</a>' for _ in range(st.nav_items))
    related = _related_html(rng, st, image_src)
    main = f'{"" if "crumbs" in order else crumbs}{product}<div class="desc">{desc}</div>{related}'
    if st.layout == 'sidebar':
        side = ''.join(f'<li>{rng.choice(NOUN)}s ({rng.randint(1, 300)})</li>' for _ in range(8))
        main = f'<div class="with-side"><ul class="side">{side}</ul><div>{main}</div></div>'
    footer = ' · '.join(rng.sample(('About', 'Contact', 'Shipping', 'Returns', 'Privacy',
                                    'Terms', 'Careers', 'Blog'), 5))
    # a shop's pages share its template; sizes vary a little page to page
    name_size = st.name_size + rng.randint(-2, 2)
    price_size = st.price_size + rng.randint(-2, 2)
    box = (f'border:2px solid {st.accent};padding:8px 12px;display:inline-block;margin:8px 0'
           if st.price_boxed else 'margin:4px 0')
    upper = 'text-transform:uppercase' if st.name_upper else ''
    return f'''<!doctype html>
<html><head><meta charset="utf-8"><title>{name} – {html.escape(st.title)}</title><style>
body{{margin:0;font-family:'{st.font}';font-size:{st.base_size}px;background:{st.bg};color:{st.fg}}}
header{{height:{st.header_h}px;background:{st.accent};color:#fff;display:flex;align-items:center;
gap:18px;padding:0 24px}} header .logo{{font-size:22px;font-weight:bold}} header a{{color:#fff}}
.wrap{{width:{st.content_w}px;margin:0 auto;padding:16px}} .row{{display:flex;gap:32px}}
.col{{display:flex;flex-direction:column;gap:16px}} .name{{font-size:{name_size}px;margin:8px 0}}
.price{{font-size:{price_size}px;color:{st.price_color};font-weight:bold}}
.prices{{{box}}} .name{{{upper}}}
.old{{opacity:.7;margin-right:8px}} .thumbs img{{margin:4px}} .crumbs{{margin:8px 0;opacity:.8}}
.buy{{padding:10px 24px;background:{st.accent};color:#fff;border:0;margin:12px 0}}
.rel-grid{{display:grid;grid-template-columns:repeat({st.related_cols},1fr);gap:16px}}
.rel-price{{color:{st.price_color}}} .with-side{{display:flex;gap:24px}} .side{{width:180px}}
footer{{margin-top:40px;padding:24px;background:{st.accent};color:#fff}}
</style></head><body><header><span class="logo">{html.escape(st.title)}</span>{nav}</header>
<div class="wrap">{main}</div><footer>{footer}</footer></body></html>'''


def shop_pages(st: ShopStyle, num_pages: int, seed: int = 0,
               images: Optional[Callable[[random.Random], ImageSource]] = None) -> List[str]:
    """The HTML of ``num_pages`` product pages of one shop, deterministic from ``seed``.

    Args:
        st (ShopStyle): The shop.
        num_pages (int): Pages.
        seed (int): Seed of the whole dataset.
        images (Callable, optional): Gives a page's :data:`ImageSource` from the page's RNG
            (e.g. :meth:`ShopPhotos.for_page`); None: generated SVG shapes.

    Returns:
        list[str]: The pages' HTML.
    """
    pages = []
    for i in range(num_pages):
        rng = random.Random(f'{seed}-{st.shop_id}-page-{i}')
        pages.append(render_product_page(st, rng, images(rng) if images else None))
    return pages
