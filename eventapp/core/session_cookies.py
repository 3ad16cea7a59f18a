"""Flask's signed-cookie sessions, without building the signer for a request that has no cookie.

Flask builds an itsdangerous serializer for every request before it looks for the cookie. A
request without one (an API call with a bearer token, a first visit) gets an empty session
either way, so here it gets it without the serializer."""
from flask.sessions import SecureCookieSessionInterface


class SessionCookies(SecureCookieSessionInterface):
    def open_session(self, app, request):
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)
