"""Reports rendered offline: HTML with inline SVG charts, no scripts, no remote loads."""
