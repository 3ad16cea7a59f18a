"""Form plumbing shared by every area: showing a service's DomainError beside its field."""
from flask import flash

from eventapp.core.errors import DomainError, InvalidInput


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
