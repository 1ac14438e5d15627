"""The annual report: compiled from the records, edited, approved and published."""
