"""Run build jobs on a dask.distributed cluster (the optional ``dask`` extra).

A task is one (document, locale) with its layouts, as in the local pool; it returns the
files as bytes and the client writes them, so workers never write into the project.
Workers read the project's inputs (source, catalogs, layouts, fonts) at the same path as
the client: a shared or synced folder (NFS, a network drive, or the same container image
with the project mounted in the same place). What they render depends only on those
contents — the build cache keys each job by their hashes — so the bytes are the same
wherever a job runs.

    make-brochure build --executor dask --scheduler tcp://10.0.0.5:8786
    make-brochure build --executor dask            # a LocalCluster on this machine (loopback)
"""

from __future__ import annotations

import logging
import uuid

from .errors import BrochureError

_seen_run: str | None = None  # the build a long-lived worker process last worked for


def _remote(run: str, work, args: tuple, doc: str, locale: str, names: tuple, policy, previews: bool):
    """On a worker: forget what the previous build parsed (a worker outlives builds), then work."""
    global _seen_run
    if run != _seen_run:
        from .build import _worker_inputs, _worker_prepare

        _worker_inputs.cache_clear()
        _worker_prepare.cache_clear()
        _seen_run = run
    return work(*args, doc, locale, names, policy, previews)


class DaskExecutor:
    """``run`` yields ``(doc, locale, names, results)`` as tasks finish, like the local pool."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None, client=None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise BrochureError("--executor dask needs dask.distributed: pip install 'brochure[dask]'") from None
        self._own = []
        if client is not None:
            self.client = client
        elif scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise BrochureError(f"cannot reach the dask scheduler {scheduler}: {exc}") from None
            self._own.append(self.client)
        else:  # one process per worker, one thread each: rendering holds the GIL
            cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(cluster)
            self._own += [self.client, cluster]

    def run(self, work, args: tuple, tasks: list, policy, previews: bool):
        from dask.distributed import as_completed

        from .build import failed_batch

        run = uuid.uuid4().hex
        futures = {}
        for doc, locale, names in tasks:
            future = self.client.submit(_remote, run, work, args, doc, locale, names, policy, previews,
                                        key=f"brochure-{run}-{doc}-{locale}", pure=False)
            futures[future] = (doc, locale, names)
        for future in as_completed(futures):
            doc, locale, names = futures[future]
            try:
                batch = future.result()
            except Exception as exc:  # a worker died or a bug: these jobs fail, the others go on
                batch = failed_batch(names, doc, locale, exc)
            yield doc, locale, names, batch

    def close(self) -> None:
        for thing in self._own:
            thing.close()
        self._own = []
