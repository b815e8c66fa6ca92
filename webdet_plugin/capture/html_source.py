"""Reading saved HTML files without mojibake.

Chromium guesses the encoding of a ``file://`` page that declares none, often as windows-1252,
which turns UTF-8 text into mojibake. :func:`read_html` decodes the bytes itself (``--encoding``
override > byte-order mark > ``<meta charset>`` / ``http-equiv`` in the first 4 KiB > UTF-8) and
:func:`browser_html` re-encodes the text as UTF-8 with a BOM, which the HTML standard ranks above
any ``<meta>``, plus a ``<base href>`` so relative images and styles still load from the
original folder (and without ``<meta http-equiv="refresh">``, which would leave the page).
"""
import codecs
import re
from pathlib import Path
from typing import Optional, Tuple

_BOMS = ((codecs.BOM_UTF8, 'utf-8-sig'), (codecs.BOM_UTF16_LE, 'utf-16'),
         (codecs.BOM_UTF16_BE, 'utf-16'))
_META = re.compile(rb'<meta[^>]+charset\s*=\s*["\']?\s*([A-Za-z0-9_:.\-]+)', re.IGNORECASE)
_HEAD = re.compile(r'<head(\s[^>]*)?>', re.IGNORECASE)
_DOCTYPE = re.compile(r'^\s*<!doctype[^>]*>', re.IGNORECASE)
_REFRESH = re.compile(r'<meta[^>]+http-equiv\s*=\s*["\']?refresh[^>]*>', re.IGNORECASE)


class HtmlDecodeError(ValueError):
    """The file's bytes do not decode with the chosen encoding; the message names the file."""


def sniff_encoding(data: bytes) -> Tuple[str, str]:
    """The encoding of HTML bytes and where it came from (``'bom'``, ``'meta'``, ``'default'``)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, 'bom'
    match = _META.search(data[:4096])
    if match:
        name = match.group(1).decode('ascii').lower()
        try:
            codecs.lookup(name)
            return name, 'meta'
        except LookupError:
            pass
    return 'utf-8', 'default'


def read_html(path: str, encoding: Optional[str] = None) -> Tuple[str, str]:
    """Decode an HTML file.

    Args:
        path (str): The file.
        encoding (str, optional): Force this encoding (``--encoding``).

    Returns:
        tuple[str, str]: The text and the encoding used.

    Raises:
        HtmlDecodeError: The bytes are not valid in that encoding.
    """
    data = Path(path).read_bytes()
    if encoding is None:
        encoding, source = sniff_encoding(data)
    else:
        source = 'option'
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        hint = '' if source == 'option' else ' (pass --encoding to choose another)'
        raise HtmlDecodeError(f'{path}: cannot decode as {encoding} from {source}: {exc}{hint}')


def browser_html(text: str, base_url: str) -> bytes:
    """UTF-8 bytes with a BOM and a ``<base href>`` for loading ``text`` from another folder.

    ``<meta http-equiv="refresh">`` is dropped: a saved page is captured as it was saved, not
    as the page it would redirect to.
    """
    text = _REFRESH.sub('', text.lstrip('\ufeff'))
    base = f'<base href="{base_url}">'
    head = _HEAD.search(text)
    if head:
        text = text[:head.end()] + base + text[head.end():]
    else:
        doctype = _DOCTYPE.match(text)
        cut = doctype.end() if doctype else 0
        text = text[:cut] + base + text[cut:]
    return codecs.BOM_UTF8 + text.encode('utf-8')
