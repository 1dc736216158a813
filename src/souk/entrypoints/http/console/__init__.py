"""The staff web console at ``/admin``: server-rendered pages (Jinja2), actions over htmx
(vendored under ``static/htmx``), the same use cases as the admin API."""
