"""Intake sheets (3F) as PDF: data from services.sheet_data, layout in document.py."""
