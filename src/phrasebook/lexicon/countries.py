"""Foreign country names from CLDR (through babel), never typed by hand."""

from __future__ import annotations

import re

import babel
from babel import Locale

_ALPHA2 = re.compile(r"^[A-Z]{2}$")
CLDR_LOCALE = "zh_Hans_CN"


def cldr_country_names() -> dict[str, str]:
    """ISO alpha-2 code -> CLDR simplified-Chinese name, for every two-letter territory."""
    territories = Locale.parse(CLDR_LOCALE).territories
    return {code: name for code, name in sorted(territories.items()) if _ALPHA2.match(code)}


def cldr_version() -> str:
    """Identifies the CLDR data in use, so the lexicon version changes when it does."""
    return f"babel-{babel.__version__}"
