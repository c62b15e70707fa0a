"""Desktop user interface: the dock panel, settings and the weights manager."""
