"""The command-line interface: one module per command, all calling service functions."""
