"""The REST API, mounted on the Reflex backend: :func:`wfstudio.api.routes.api_app`."""
