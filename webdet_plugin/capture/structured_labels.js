// Runs in the page (page.evaluate) before extract_dom.js when labels come from the page's own
// structured data. Reads the product's name, price and image from schema.org JSON-LD, microdata
// (itemscope itemtype=Product) and OpenGraph, finds the visible element that shows each value
// and marks it with opts.attribute="<label>". Returns, per label, where its value came from,
// the value and whether a visible element was found.
(opts) => {
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const norm = (s) => clean(s).toLowerCase();
  const visible = (el) => {
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width >= 1 && r.height >= 1;
  };
  const first = (v) => (Array.isArray(v) ? first(v[0]) : v);
  const values = {};  // label -> [{source, value}] in order of preference
  const add = (label, source, value) => {
    if (value === null || value === undefined || clean(String(value)) === '') return;
    (values[label] = values[label] || []).push({source: source, value: clean(String(value))});
  };
  const direct = {};  // label -> a visible element that carries the value itself (microdata)

  // JSON-LD: the first Product (also inside @graph, arrays, mainEntity)
  const products = [];
  const walk = (x, depth) => {
    if (!x || typeof x !== 'object' || depth > 6) return;
    if (Array.isArray(x)) { x.forEach((y) => walk(y, depth + 1)); return; }
    const types = [].concat(x['@type'] || []).map(String);
    if (types.some((t) => /(^|[/#:])(Product|ProductGroup|IndividualProduct)$/i.test(t))) products.push(x);
    for (const k of ['@graph', 'mainEntity', 'itemOffered', 'mainEntityOfPage']) walk(x[k], depth + 1);
  };
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
    try { walk(JSON.parse(s.textContent), 0); } catch (e) { /* invalid JSON-LD is ignored */ }
  }
  const imageUrl = (v) => {
    v = first(v);
    if (v && typeof v === 'object') v = v.url || v.contentUrl || v['@id'];
    return typeof v === 'string' ? v : null;
  };
  const offerPrice = (o, depth) => {
    o = first(o);
    if (!o || typeof o !== 'object' || depth > 3) return null;
    let p = o.price ?? o.lowPrice;
    if (p == null && o.priceSpecification) p = first(o.priceSpecification).price;
    if (p == null && o.offers) return offerPrice(o.offers, depth + 1);
    return p == null ? null : String(p);
  };
  if (products.length) {
    const p = products[0];
    add('name', 'json-ld', first(p.name));
    add('price', 'json-ld', offerPrice(p.offers, 0));
    add('image', 'json-ld', imageUrl(p.image));
  }

  // microdata: the properties of the first Product item (price from its Offer)
  const scope = document.querySelector('[itemscope][itemtype*="schema.org/Product" i]');
  if (scope) {
    const props = (prop) => Array.from(scope.querySelectorAll('[itemprop~="' + prop + '"]'));
    const own = (el) => el.parentElement && el.parentElement.closest('[itemscope]') === scope;
    const valueOf = (el) => el.getAttribute('content') || el.getAttribute('src') ||
        el.getAttribute('href') || el.textContent;
    for (const [label, prop, mine] of [['name', 'name', true], ['price', 'price', false],
                                       ['image', 'image', true]]) {
      const els = props(prop).filter((el) => !mine || own(el));
      if (!els.length) continue;
      const shown = els.find((el) => visible(el) && el.tagName !== 'META' && el.tagName !== 'LINK');
      if (shown && (label !== 'image' || shown.tagName === 'IMG')) direct[label] = shown;
      add(label, 'microdata', valueOf(els[0]));
    }
  }

  // OpenGraph
  const meta = (p) => {
    const el = document.querySelector('meta[property="' + p + '"], meta[name="' + p + '"]');
    return el ? el.getAttribute('content') : null;
  };
  add('name', 'opengraph', meta('og:title'));
  add('price', 'opengraph', meta('product:price:amount') || meta('og:price:amount'));
  add('image', 'opengraph', meta('og:image'));

  const all = Array.from((document.body || document.documentElement).querySelectorAll('*'))
    .filter((el) => !['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'META', 'LINK'].includes(el.tagName));
  const innermost = (els) => els.filter((el) => !els.some((o) => o !== el && el.contains(o)));
  const fontSize = (el) => parseFloat(getComputedStyle(el).fontSize) || 0;
  const top = (el) => el.getBoundingClientRect().top + window.scrollY;

  const findName = (value) => {
    const v = norm(value);
    const scored = [];
    for (const el of all) {
      const t = norm(el.innerText);
      if (!t || t.length > 3 * v.length + 40) continue;
      let score = 0;
      if (t === v) score = 3;
      else if (t.includes(v) && t.length <= 1.3 * v.length + 10) score = 2;
      else if (v.includes(t) && t.length >= Math.max(8, 0.4 * v.length)) score = 1;
      if (score && visible(el)) scored.push([score, el]);
    }
    if (!scored.length) return null;
    const best = Math.max(...scored.map((s) => s[0]));
    const els = innermost(scored.filter((s) => s[0] === best).map((s) => s[1]));
    els.sort((a, b) => (fontSize(b) - fontSize(a)) || ((b.tagName === 'H1') - (a.tagName === 'H1')));
    return els[0];
  };

  // every reading of the numbers in a text: "1.234,50" -> 1234.5, "1,234.50" -> 1234.5
  const numbers = (text) => {
    const out = [];
    for (const m of text.matchAll(/\d[\d.,\s\u00a0']*/g)) {
      const raw = m[0].replace(/[\s\u00a0']+$/, '').replace(/[\s\u00a0']/g, '');
      out.push(parseFloat(raw.replace(/,/g, '')));
      out.push(parseFloat(raw.replace(/\./g, '').replace(',', '.')));
    }
    return out.filter((x) => Number.isFinite(x));
  };
  const struck = (el) => el.closest('s, del, strike') ||
      getComputedStyle(el).textDecorationLine.includes('line-through');
  const findPrice = (value, nameEl) => {
    const want = parseFloat(String(value).replace(/[^\d.,]/g, '').replace(/,(\d{1,2})$/, '.$1').replace(/,/g, ''));
    if (!Number.isFinite(want)) return null;
    let els = all.filter((el) => {
      const t = clean(el.innerText);
      return t && t.length <= 40 && numbers(t).some((x) => Math.abs(x - want) < 0.005) && visible(el) && !struck(el);
    });
    els = innermost(els);
    if (!els.length) return null;
    const ref = nameEl ? top(nameEl) : 0;
    els.sort((a, b) => (Math.abs(top(a) - ref) - Math.abs(top(b) - ref)) || (fontSize(b) - fontSize(a)));
    return els[0];
  };

  const fileOf = (url) => {
    try { url = new URL(url, document.baseURI).pathname; } catch (e) { /* keep as is */ }
    const name = decodeURIComponent(url.split('/').pop() || '').toLowerCase();
    return name.replace(/\.(jpe?g|png|webp|gif|avif)$/, '');
  };
  const findImage = (value) => {
    const want = fileOf(value);
    if (!want) return null;
    const imgs = Array.from(document.images).filter((img) => {
      const srcs = [img.currentSrc, img.getAttribute('src'), img.getAttribute('data-src'),
                    img.getAttribute('srcset'), img.getAttribute('data-srcset')].filter(Boolean).join(' ');
      return srcs.toLowerCase().includes(want) && visible(img);
    });
    const area = (el) => { const r = el.getBoundingClientRect(); return r.width * r.height; };
    imgs.sort((a, b) => area(b) - area(a));
    return imgs[0] || null;
  };

  const report = {};
  const chosen = {};
  for (const label of ['name', 'image', 'price']) {
    let el = direct[label] || null;
    let src = el ? 'microdata' : null;
    for (const cand of values[label] || []) {
      if (el) break;
      if (label === 'name') el = findName(cand.value);
      else if (label === 'price') el = findPrice(cand.value, chosen.name);
      else el = findImage(cand.value);
      if (el) src = cand.source;
    }
    const vals = values[label] || [];
    report[label] = {source: src || (vals.length ? vals[0].source : null),
                     value: vals.length ? vals[0].value.slice(0, 200) : null, found: !!el};
    if (el) {
      chosen[label] = el;
      el.setAttribute(opts.attribute, label);
    }
  }
  return report;
}
