"""The shipped check-worthiness artifact (package data) and its model card."""
