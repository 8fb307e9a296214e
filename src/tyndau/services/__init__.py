"""Service functions: what the CLI, the HTTP API and the web pages all call."""
