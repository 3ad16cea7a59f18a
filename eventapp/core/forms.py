"""Form plumbing shared by every area: showing a service's DomainError beside its field (or
its row's field in a form of rows), and reading a posted id."""
from flask import flash

from eventapp.core.errors import DomainError, InvalidInput


def int_or_none(value) -> int | None:
    """A posted id (a select's value, a hidden field) as an int; empty or not a number is None."""
    if value in (None, "") or isinstance(value, int):
        return value or None
    text = str(value).strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def show_domain_error(form, error: DomainError) -> None:
    """Put the message beside the field it concerns, or flash it for the whole form."""
    if isinstance(error, InvalidInput):
        unplaced = []
        for name, message in error.errors.items():
            field = getattr(form, name, None)
            if field is None:
                unplaced.append(message)
            else:
                field.errors = [*field.errors, message]
        flash(" ".join([error.message, *unplaced]), "error")
        return
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")


def show_row_errors(form, list_name: str, error: DomainError) -> None:
    """Like show_domain_error, for a form of rows (the FieldList `list_name`) whose errors are
    keyed by a nested field's full name (sections-0-title_en)."""
    if isinstance(error, InvalidInput):
        by_name = {f.name: f for entry in getattr(form, list_name) for f in entry.form}
        for name, message in error.errors.items():
            if name in by_name:
                by_name[name].errors = [*by_name[name].errors, message]
        unplaced = [m for n, m in error.errors.items() if n not in by_name]
        flash(" ".join([error.message, *unplaced]), "error")
    else:
        flash(error.message, "error")
