"""The working-day calendar's corrections and extra years, kept by administrators."""
