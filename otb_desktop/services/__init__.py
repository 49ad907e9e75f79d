"""Use cases: what the CLI and the UI ask of the app. Return frozen dataclasses."""
