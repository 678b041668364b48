"""The web app: `crosswire serve`."""
