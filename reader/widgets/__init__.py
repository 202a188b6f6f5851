"""The reader's widgets: each knows how to show things, none reads files."""
