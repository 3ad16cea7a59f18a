"""Amounts in words for bills and receipts, in Swahili and English."""
from num2words import num2words

_UNITS = ["", "moja", "mbili", "tatu", "nne", "tano", "sita", "saba", "nane", "tisa"]
_TENS = ["", "kumi", "ishirini", "thelathini", "arobaini", "hamsini", "sitini", "sabini", "themanini", "tisini"]
_SCALES = [(10**9, "bilioni"), (10**6, "milioni"), (10**3, "elfu")]


def _below_thousand_sw(n: int) -> str:
    parts = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        parts.append(f"mia {_UNITS[hundreds]}")
    tens, units = divmod(rest, 10)
    if tens:
        parts.append(_TENS[tens])
    if units:
        parts.append(_UNITS[units])
    return " na ".join(parts)


def _sw(n: int) -> str:
    if n == 0:
        return "sifuri"
    parts = []
    for size, name in _SCALES:
        count, n = divmod(n, size)
        if count:
            # Swahili: "laki" names hundreds of thousands (laki nne = 400,000).
            if size == 10**3 and count >= 100:
                lakhs, thousands = divmod(count, 100)
                parts.append(f"laki {_below_thousand_sw(lakhs)}")
                if thousands:
                    parts.append(f"elfu {_below_thousand_sw(thousands)}")
            else:
                parts.append(f"{name} {_below_thousand_sw(count)}")
    if n:
        parts.append(_below_thousand_sw(n))
    return " na ".join(parts)


CURRENCY_WORDS = {
    "sw": {"TZS": "shilingi", "USD": "dola za Marekani"},
    "en": {"TZS": "shillings", "USD": "US dollars"},
}


def amount_in_words(amount: int, currency: str = "TZS", language: str = "sw") -> str:
    """E.g. 400000 TZS → `Shilingi laki nne tu` / `Four hundred thousand shillings only`."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    unit = CURRENCY_WORDS.get(language, CURRENCY_WORDS["en"]).get(currency, currency)
    if language == "sw":
        return f"{unit.capitalize()} {_sw(amount)} tu"
    words = num2words(amount, lang="en").replace(",", "")
    return f"{words.capitalize()} {unit} only"
