"""The 2nd e-Government Annual Meeting (2019) as demo data, taken from the seed report."""
