"""The workbench's web pages: server-rendered, assets served locally, no inline script."""
