"""Payments: the money side of a sale — provider facts, the payment's status, the ledger."""
