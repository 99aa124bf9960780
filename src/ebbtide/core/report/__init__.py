"""The clinician report: model and renderers."""
