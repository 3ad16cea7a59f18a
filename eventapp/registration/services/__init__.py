"""Registration rules, one module per concept; views, API and CLI all call these."""
