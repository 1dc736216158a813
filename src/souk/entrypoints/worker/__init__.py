"""Jobs in: which use case runs for which queued job, in its own request scope."""
