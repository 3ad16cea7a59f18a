"""Public sponsors page and floor plan (public) apart from the organisers' pages (manage)."""
