"""Public references: random (unguessable) and checksummed, never a bare sequential id."""
import secrets

# Crockford's base32: no I, L, O, U, so a reference read over the phone is not misheard.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CHECK_SYMBOLS = ALPHABET + "*~$=U"


def _crockford_check(body: str) -> str:
    value = 0
    for ch in body:
        value = value * 32 + ALPHABET.index(ch)
    return _CHECK_SYMBOLS[value % 37]


def random_reference(prefix: str, length: int = 10) -> str:
    """E.g. `R-7K3QX9D2MB-F`: `length` random symbols (5 bits each) and a check symbol."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return f"{prefix}-{body}-{_crockford_check(body)}"


def normalise_reference(text: str) -> str:
    """Upper-case and map the look-alikes people type (O→0, I/L→1)."""
    return (text or "").strip().upper().replace("O", "0").replace("I", "1").replace("L", "1")


def reference_is_well_formed(reference: str) -> bool:
    """True when the check symbol matches: catches typos before any database lookup."""
    try:
        prefix, body, check = reference.split("-")
    except ValueError:
        return False
    if not body or any(ch not in ALPHABET for ch in body):
        return False
    return _crockford_check(body) == check


def luhn_check_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return str((10 - total % 10) % 10)


def luhn_is_valid(number: str) -> bool:
    return number.isdigit() and len(number) > 1 and luhn_check_digit(number[:-1]) == number[-1]
