// Runs in the page (page.evaluate) before extract_dom.js for pages made from a real template:
// removes what the template's slot map says, replaces the text of the slot elements, points every
// image at a photo (slot images at the product's photos) and labels the slot elements.
// spec: {remove: [css], texts: [[css, [text, ...]]], images: [[css, [url, ...]]],
//        default_images: [url, ...], labels: [[css, label]], attribute: 'data-webdet-label',
//        optional_labels: false}
// Returns the labels whose selector matched nothing (none when optional_labels).
(spec) => {
  const all = (sel) => Array.from(document.querySelectorAll(sel));
  for (const sel of spec.remove || []) all(sel).forEach((el) => el.remove());
  const point = (img, url) => {
    img.removeAttribute('srcset');
    img.removeAttribute('loading');
    img.removeAttribute('data-src');
    const pic = img.parentElement && img.parentElement.tagName === 'PICTURE' ? img.parentElement : null;
    if (pic) pic.querySelectorAll('source').forEach((s) => s.remove());
    img.src = url;
  };
  const defaults = spec.default_images || [];
  if (defaults.length) Array.from(document.images).forEach((img, i) => point(img, defaults[i % defaults.length]));
  for (const [sel, urls] of spec.images || []) {
    if (urls.length) all(sel).filter((el) => el.tagName === 'IMG').forEach((img, i) => point(img, urls[i % urls.length]));
  }
  for (const [sel, texts] of spec.texts || []) {
    if (texts.length) all(sel).forEach((el, i) => { el.textContent = texts[i % texts.length]; });
  }
  const missing = [];
  for (const [sel, label] of spec.labels || []) {
    const el = document.querySelector(sel);
    if (el) el.setAttribute(spec.attribute, label); else if (!spec.optional_labels) missing.push(label);
  }
  return missing;
}
