"""Reminders: each clerk's and reviewer's daily digest of the replies due, overdue and
waiting on the applicant (``gongkai remind``)."""
