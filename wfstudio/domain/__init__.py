"""What a workflow *is* and what a step *decides*: pure Python, no I/O, no clock reads.

Importing this package must never pull in Reflex, SQLModel or a database driver.
"""
