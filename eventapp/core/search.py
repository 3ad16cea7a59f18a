"""Text search helpers for SQL LIKE queries."""
LIKE_ESCAPE = "\\"


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with %, _ and \\ taken literally.

    Use with `.like(pattern, escape=LIKE_ESCAPE)`.
    """
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
