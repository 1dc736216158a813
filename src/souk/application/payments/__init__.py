"""Payments use cases: open a sale's payment, card steps, cash, refunds, webhooks, balance."""
