"""One router per family of resources."""
