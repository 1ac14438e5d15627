"""gongkai (公开): government information disclosure work."""

__version__ = "0.1.0"
