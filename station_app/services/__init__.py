"""Use cases. The GUI and the CLI call the same services; each returns DTOs and, when it
changes data, a :class:`~station_app.services.base.Changes` value."""
