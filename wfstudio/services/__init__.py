"""Use cases shared by the UI, the REST API and the command line.

Each operation is one transaction: it either happens whole, or is refused with a
:class:`~wfstudio.services.errors.Refused` carrying a clear message, and changes nothing.
"""
