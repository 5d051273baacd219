"""The packaged Word templates (ptk_docs.templates); see templates/README.md."""
