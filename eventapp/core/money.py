"""Money: integer amounts in whole units of a currency code, formatted for people."""


def format_money(amount: int, currency: str = "TZS") -> str:
    """`TZS 400,000` — thousands separated by commas as on Tanzanian bills."""
    return f"{currency} {amount:,}"
