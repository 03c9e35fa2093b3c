"""Annotations of coded events: their dates (`dates`) and tone (`tone`)."""
