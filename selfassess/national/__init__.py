"""The national picture: dated snapshots of figures across partnerships, for
advisers of national bodies (``docs/national.md``)."""
