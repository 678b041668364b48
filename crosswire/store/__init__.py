"""The only place with SQL: schema, writes and queries."""

from crosswire.store.db import Store

__all__ = ["Store"]
