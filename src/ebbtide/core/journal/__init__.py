"""The journal: SQLite schema and migrations, the store, queries, backups, import and export."""
