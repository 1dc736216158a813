"""nginx with the RTMP module: the ingest server's configuration."""
