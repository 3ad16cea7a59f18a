"""Reading an API request's query string with a pydantic model (the same model documents it),
and refusing a bad one with 400 `{error, errors}` naming each field, in the caller's language."""
import math
from typing import Annotated

from flask import request
from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic.json_schema import SkipJsonSchema

from eventapp.api.bodies import BadBody

# Text parameters refuse control characters (a NUL byte breaks PostgreSQL's text).
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
Absent = SkipJsonSchema[None]  # an optional parameter, without a null in the document
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000


def printable(max_length: int):
    """A text parameter of at most `max_length` characters, none of them a control character."""
    return Annotated[str, StringConstraints(max_length=max_length, pattern=PRINTABLE)]


class BadQuery(BadBody):
    """A query string with bad values: `errors` maps each parameter to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(_("The query has invalid parameters."))
        self.errors = errors


class PageQuery(BaseModel):
    """?page=&per_page=: which page of a list (per_page at most 100)."""

    model_config = ConfigDict(extra="ignore")

    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE)


def _message(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Must be a whole number.")
    if kind == "greater_than_equal":
        return _("Must be at least %(n)s.", n=ctx.get("ge"))
    if kind == "less_than_equal":
        return _("Must be at most %(n)s.", n=ctx.get("le"))
    if kind == "string_too_long":
        return _("At most %(n)d characters.", n=ctx.get("max_length", 0))
    if kind == "string_pattern_mismatch":
        return _("Must not contain control characters.")
    if kind in ("literal_error", "enum"):
        return _("Must be one of: %(values)s.", values=ctx.get("expected", ""))
    return _("Not a valid value.")


def query_of(model: type[BaseModel]):
    """The request's query string as `model` (the first value of a repeated parameter);
    BadQuery names every bad parameter."""
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as error:
        errors = {}
        for problem in error.errors(include_url=False):
            name = str(problem["loc"][0]) if problem["loc"] else "query"
            errors.setdefault(name, _message(problem))
        raise BadQuery(errors) from None


def page_block(page: int, per_page: int, total: int) -> dict:
    """The pagination block every list answers with."""
    return {"page": page, "per_page": per_page, "total": total, "pages": max(math.ceil(total / per_page), 1)}
