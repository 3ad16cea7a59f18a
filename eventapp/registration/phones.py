"""Phone numbers: normalised to 255XXXXXXXXX (how GePG and SMS gateways want them)."""
import phonenumbers


def normalise_phone(text: str) -> str | None:
    """`0754 123 456`, `+255754123456`, `255-754-123456` → `255754123456`; None if not a valid number.

    Numbers are read as Tanzanian unless they carry another country code.
    """
    text = (text or "").strip()
    if not text or len(text) > 30:
        return None
    if text.startswith("255") and not text.startswith("+"):
        text = "+" + text
    try:
        number = phonenumbers.parse(text, "TZ")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164).lstrip("+")
    return formatted if len(formatted) <= 12 else None
