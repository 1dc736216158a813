"""Trust and safety: blocks, reports, suspensions and the staff audit trail."""
