"""The imperative shell: events in → enroll and run steps → effects out, and durable wakes.

Rule of the package: a database transaction never spans an ``await``. SQLAlchemy is
synchronous here, so a coroutine waiting on SQLite's lock would freeze the event loop;
every burst of steps therefore reads in one short transaction, runs (awaiting outbound
HTTP) against an in-memory snapshot, and writes back in one short transaction.
"""
