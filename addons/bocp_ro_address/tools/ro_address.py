"""Text rules for Romanian addresses, without the ORM.

What people and marketplaces write for a Bucharest locality ("Sectorul 3",
"Sector 3", "sector3", "București, sector 3", "Bucuresti Sect. 3") all name
the same sector; CIUS-RO wants it as the city code SECTOR1 … SECTOR6.
Romanian postal codes of Bucharest are 0 + the sector digit + 4 digits
(Poșta Română, "coduri poștale București"), so a plain "București" with its
postal code still gives the sector.
"""

import re
import unicodedata

_SECTOR = re.compile(r"\bsect(?:or(?:ul)?)?\.?\s*(?:nr\.?\s*)?-?\s*([1-6])(?!\d)")
_BUCHAREST_ZIP = re.compile(r"^0([1-6])\d{4}$")
_COUNTY_PREFIXES = ("judetul", "judet", "jud", "municipiul", "mun", "ro")
BUCHAREST_KEYS = {"bucuresti", "bucharest", "municipiulbucuresti"}


def plain(text):
    """Lower case without diacritics: ș, ş, ț, ţ, ă, â, î are one letter each."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def county_key(text):
    """The county as a comparable key: "Jud. Caraș-Severin" → "carasseverin"."""
    words = re.findall(r"[a-z0-9]+", plain(text))
    while len(words) > 1 and words[0] in _COUNTY_PREFIXES:
        words = words[1:]
    return "".join(words)


def find_sector(text):
    """The Bucharest sector (1-6) named in `text`, or None."""
    match = _SECTOR.search(plain(text))
    return int(match.group(1)) if match else None


def sector_from_zip(zip_code):
    """The sector of a Bucharest postal code ("030167" → 3), or None."""
    match = _BUCHAREST_ZIP.match((zip_code or "").strip())
    return int(match.group(1)) if match else None


def names_bucharest(text):
    """True when `text` names Bucharest itself (any spelling, with or without
    the sector): "București", "Mun. Bucuresti", "Bucuresti, sector 3"."""
    key = county_key(_SECTOR.sub(" ", plain(text)))
    return key in BUCHAREST_KEYS
