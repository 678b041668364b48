"""The briefing: a self-contained HTML report and its Markdown twin."""
