"""Public timetable and exports (public) apart from the programme committee's editor (manage)."""
