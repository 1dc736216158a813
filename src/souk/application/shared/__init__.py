"""The application's shared kernel: what every feature may use (paging and cursors,
idempotency, room names, the clock and id ports)."""
