// Runs in the page (page.evaluate). Returns the raw material of a page record: visible text
// nodes with one box per rendered line (DOM Ranges), visible leaf elements (DOM candidates) and
// labelled elements. Boxes are [x1, y1, x2, y2] in page pixels (viewport + scroll offset), cut to
// the captured area (the top opts.maxHeight x opts.maxWidth px); what lies below is left out.
// Labels that cannot be boxed are reported in dropped_labels with the reason.
(opts) => {
  const sx = window.scrollX, sy = window.scrollY;
  const doc = document.documentElement;
  const fullW = Math.max(doc.scrollWidth, document.body ? document.body.scrollWidth : 0);
  const fullH = Math.max(doc.scrollHeight, document.body ? document.body.scrollHeight : 0);
  const pageW = Math.min(fullW, opts.maxWidth || Infinity);
  const pageH = Math.min(fullH, opts.maxHeight || Infinity);
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'META', 'LINK',
                        'TITLE', 'BR', 'WBR']);
  const MEDIA = new Set(['IMG', 'SVG', 'CANVAS', 'VIDEO', 'PICTURE', 'INPUT', 'BUTTON',
                         'SELECT', 'TEXTAREA', 'IFRAME']);
  const visCache = new Map();
  const isVisible = (el) => {
    if (visCache.has(el)) return visCache.get(el);
    const v = el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
    visCache.set(el, v);
    return v;
  };
  // the client rect that ancestors with overflow other than 'visible' clip an element to
  const clipCache = new Map();
  const clipOf = (el) => {
    if (!el || el === document.body || el === doc) return [-Infinity, -Infinity, Infinity, Infinity];
    if (clipCache.has(el)) return clipCache.get(el);
    const up = clipOf(el.parentElement);
    const st = getComputedStyle(el);
    let c = up;
    if (st.overflowX !== 'visible' || st.overflowY !== 'visible') {
      const r = el.getBoundingClientRect();
      c = [Math.max(up[0], r.left), Math.max(up[1], r.top), Math.min(up[2], r.right), Math.min(up[3], r.bottom)];
    }
    clipCache.set(el, c);
    return c;
  };
  // clip a client rect to its clip and the page; null when nothing of it is visible
  const toBox = (r, clip) => {
    const c = clip || [-Infinity, -Infinity, Infinity, Infinity];
    const x1 = Math.max(Math.max(r.left, c[0]) + sx, 0), y1 = Math.max(Math.max(r.top, c[1]) + sy, 0);
    const x2 = Math.min(Math.min(r.right, c[2]) + sx, pageW), y2 = Math.min(Math.min(r.bottom, c[3]) + sy, pageH);
    if (!(x2 - x1 > 0.5 && y2 - y1 > 0.5)) return null;
    return [x1, y1, x2, y2].map((v) => Math.round(v * 100) / 100);
  };
  const union = (boxes) => [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])),
                            Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();

  // computed style of an element as the record keeps it (page_record.Style)
  const CONTEXT = 'h1,h2,h3,h4,h5,h6,a,button,label';
  const rgba = (c) => {
    const m = (c || '').match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const v = m[1].split(/[,\s/]+/).filter((x) => x).map(parseFloat);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const luminance = (c) => {
    const f = (x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  // the first opaque-enough background behind an element (white when none is set)
  const bgCache = new Map();
  const backgroundOf = (el) => {
    if (!el || el.nodeType !== 1) return [255, 255, 255, 1];
    if (bgCache.has(el)) return bgCache.get(el);
    const c = rgba(getComputedStyle(el).backgroundColor);
    const bg = c && c[3] >= 0.5 ? c : backgroundOf(el.parentElement);
    bgCache.set(el, bg);
    return bg;
  };
  const struck = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      if (['S', 'DEL', 'STRIKE'].includes(e.tagName.toUpperCase())) return true;
      if ((getComputedStyle(e).textDecorationLine || '').includes('line-through')) return true;
    }
    return false;
  };
  const styleCache = new Map();
  const styleOf = (el) => {
    if (styleCache.has(el)) return styleCache.get(el);
    const st = getComputedStyle(el);
    const fg = rgba(st.color) || [0, 0, 0, 1];
    const l1 = luminance(fg), l2 = luminance(backgroundOf(el));
    const context = el.closest(CONTEXT);
    const style = {font_size: parseFloat(st.fontSize) || 0, font_weight: parseInt(st.fontWeight) || 400,
                   strike: struck(el),
                   contrast: Math.round((Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05) * 100) / 100,
                   context: context ? context.tagName.toLowerCase() : null};
    styleCache.set(el, style);
    return style;
  };

  // text nodes, one box per line
  const textNodes = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body || doc, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = clean(node.textContent);
    const parent = node.parentElement;
    if (!text || !parent || SKIP.has(parent.tagName) || !isVisible(parent)) continue;
    const pr = parent.getBoundingClientRect();
    if (pr.top + sy >= pageH || pr.left + sx >= pageW) continue;  // below the captured area
    range.selectNodeContents(node);
    const lines = [];
    const clip = clipOf(parent);
    for (const r of range.getClientRects()) {
      const b = toBox(r, clip);
      if (!b) continue;
      const last = lines[lines.length - 1];
      // rects of one line (split by inline boundaries) merge into one line box
      if (last && Math.abs(last[1] - b[1]) < 1 && Math.abs(last[3] - b[3]) < 1 && b[0] >= last[0]) {
        last[2] = Math.max(last[2], b[2]);
      } else {
        lines.push(b);
      }
    }
    if (lines.length) textNodes.push({text: text, box: union(lines), lines: lines, tag: parent.tagName.toLowerCase(),
                                      style: styleOf(parent)});
  }

  // visible leaf elements: no visible element child, or own text, or a media element
  const elements = [];
  const indexOf = new Map();
  for (const el of (document.body || doc).querySelectorAll('*')) {
    if (SKIP.has(el.tagName.toUpperCase())) continue;
    const er = el.getBoundingClientRect();
    if (er.top + sy >= pageH || er.left + sx >= pageW || !isVisible(el)) continue;
    if (el.closest('svg') && el.tagName.toUpperCase() !== 'SVG') continue;
    const tag = el.tagName.toUpperCase();
    const hasVisibleChild = Array.from(el.children).some((c) => !SKIP.has(c.tagName.toUpperCase()) && isVisible(c));
    const ownText = Array.from(el.childNodes).some((c) => c.nodeType === 3 && clean(c.textContent));
    if (hasVisibleChild && !ownText && !MEDIA.has(tag)) continue;
    const box = toBox(el.getBoundingClientRect(), clipOf(el.parentElement));
    if (!box) continue;
    let src = null, alt = null;
    if (tag === 'IMG') {
      src = el.currentSrc || el.getAttribute('src') || '';
      if (src.startsWith('data:')) src = src.slice(0, 64) + '...';
      alt = el.getAttribute('alt');
    }
    indexOf.set(el, elements.length);
    elements.push({tag: el.tagName.toLowerCase(), box: box, text: clean(el.innerText || '').slice(0, 500),
                   src: src, alt: alt, label: null, style: styleOf(el)});
  }

  // labels: data attributes, CSS selectors, schema.org itemprop
  const labels = [];
  const dropped = [];
  const seen = new Set();
  const addLabel = (el, label) => {
    const key = label + '\u0000' + (indexOf.has(el) ? indexOf.get(el) : el.outerHTML.slice(0, 200));
    if (seen.has(key)) return;
    seen.add(key);
    const r = el.getBoundingClientRect();
    const box = isVisible(el) ? toBox(r, clipOf(el.parentElement)) : null;
    if (!box) {
      let reason = 'clipped';
      if (!isVisible(el)) reason = 'hidden';
      else if (r.width < 0.5 || r.height < 0.5) reason = 'zero-size';
      else if (r.top + sy >= pageH || r.left + sx >= pageW) reason = 'outside';
      dropped.push({label: label, reason: reason});
      return;
    }
    const idx = indexOf.has(el) ? indexOf.get(el) : -1;
    if (idx >= 0) elements[idx].label = label;
    labels.push({label: label, box: box, element: idx});
  };
  for (const attr of opts.labelAttributes || []) {
    for (const el of document.querySelectorAll('[' + attr + ']')) {
      addLabel(el, el.getAttribute(attr).trim());
    }
  }
  // structured data labels only the classes that no markup or selector labelled
  const marked = new Set(labels.map((l) => l.label).concat(dropped.map((l) => l.label)));
  for (const [label, selector] of Object.entries(opts.selectors || {})) {
    for (const el of document.querySelectorAll(selector)) addLabel(el, label);
  }
  for (const [prop, label] of Object.entries(opts.itemprops || {})) {
    for (const el of document.querySelectorAll('[itemprop="' + prop + '"]')) addLabel(el, label);
  }
  if (opts.fallbackAttribute) {
    for (const el of document.querySelectorAll('[' + opts.fallbackAttribute + ']')) {
      const label = el.getAttribute(opts.fallbackAttribute).trim();
      if (!marked.has(label) && !labels.some((l) => l.label === label)) addLabel(el, label);
    }
  }
  return {width: pageW, height: pageH, page_height: fullH, url: location.href,
          text_nodes: textNodes, elements: elements, labels: labels, dropped_labels: dropped};
}
