"""Accounts, roles, login, password reset and user administration."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from eventapp.auth import views  # noqa: E402,F401  (routes register on bp)
