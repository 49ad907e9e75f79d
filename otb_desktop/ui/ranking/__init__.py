"""The ranking (3D) and redevelopment (3E) window: table, scatter, explanation, weights,
3E form; opened from the main window's View menu (``hook.install``)."""
