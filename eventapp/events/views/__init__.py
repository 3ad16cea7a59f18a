"""Public pages (display) apart from organisers' pages (manage)."""
