"""Running the same work in many threads at once, each with its own database connection."""

from __future__ import annotations

import threading

from django.db import connection


def run_at_once(work, items) -> list[Exception]:
    """Calls `work(item)` for every item in its own thread, all released together; returns
    the errors raised."""
    barrier = threading.Barrier(len(items))
    errors: list[Exception] = []

    def run(item):
        try:
            barrier.wait()
            work(item)
        except Exception as error:  # returned to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
