"""Small, importable helpers shared by every notebook of the book (no import-time side effects)."""
