"""Safety use cases: blocks (``BlockRule`` is the one place their rule lives), reports,
staff actions and the audit log (``staff.py`` is the one place roles are checked)."""
