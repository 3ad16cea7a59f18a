"""The certificates area's pages: the designs, the organisers' issuing and list, the public
verification and the holder's own certificates."""
from eventapp.certificates.views import designs, manage, public  # noqa: F401
