"""tyndau — strategic listening to violent-extremist narratives and grievances in Central Asia."""

__version__ = "0.1.0"
