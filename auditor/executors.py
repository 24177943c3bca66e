"""Where the stages of a corpus run execute: in this process (``local``) or on a Ray cluster (``ray``).

Every stage of :func:`auditor.corpus.run_corpus` (segment/embed/lint, MinHash signatures, LSH
candidate bands, pair evidence, audits) is a list of **chunks** handed to an :class:`Executor`:

* :meth:`Executor.map` runs a pure module-level function ``fn(shared, chunk)`` on each chunk;
  ``shared`` (read-only, e.g. every document's vectors) is sent to the workers once;
* :meth:`Executor.map_worker` runs ``getattr(worker, method)(chunk)`` on a **stateful worker**
  built once per worker process by ``factory()`` (the Auditor with its embedder: the model loads
  once per worker, not once per chunk).

Both yield the results **in chunk order**, whatever order they finish in, so that every executor
gives the same attributions and the same JSON byte for byte: the functions are the same, only the
place they run changes.

``local`` (the default) runs everything in this process and starts nothing. ``ray`` needs the
optional extra (``pip install 'auditor[ray]'``); it joins the cluster at ``address`` (``"auto"``:
the one started by ``ray start``) or, with no address, starts a private local one that it stops on
:meth:`Executor.close`. Nothing here imports Ray until a ``ray`` executor is built.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Iterator, Protocol, Sequence, TypeVar

from .errors import MissingModelError, UsageError

T = TypeVar("T")
EXECUTORS = ("local", "ray")
IN_FLIGHT = 4  # chunks submitted ahead per Ray worker


class Executor(Protocol):
    name: str

    def map(self, fn: Callable[[Any, Any], T], chunks: Sequence[Any], *, shared: Any = None) -> Iterator[T]: ...

    def map_worker(self, factory: Callable[[], Any], method: str, chunks: Sequence[Any]) -> Iterator[Any]: ...

    def close(self) -> None: ...


def chunked(items: Sequence[T], size: int) -> list[list[T]]:
    """``items`` in consecutive chunks of ``size`` (the last one shorter)."""
    if size < 1:
        raise UsageError(f"a chunk size must be at least 1, got {size}", fix="e.g. 64")
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


class LazyChunks(Sequence[Any]):
    """Chunks built when taken: an executor takes a chunk when it sends it (Ray: at most :data:`IN_FLIGHT`
    per worker ahead), so that a stage whose chunks are big (a pair-evidence task's index) never holds them all."""

    def __init__(self, n: int, make: Callable[[int], Any]) -> None:
        self.n, self.make = n, make

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: Any) -> Any:
        if not isinstance(i, int) or not 0 <= i < self.n:
            raise IndexError(i)
        return self.make(i)


class LocalExecutor:
    """Everything in this process, one chunk after another; nothing to start or stop."""

    name = "local"
    #: chunks stay in this process: a stage may hand a chunk a reference to a whole shared structure
    #: (the pair-evidence index) instead of the part it needs, which other executors copy to the worker
    in_process = True

    def __init__(self) -> None:
        self._workers: dict[int, tuple[Callable[[], Any], Any]] = {}

    def map(self, fn: Callable[[Any, Any], T], chunks: Sequence[Any], *, shared: Any = None) -> Iterator[T]:
        for chunk in chunks:
            yield fn(shared, chunk)

    def map_worker(self, factory: Callable[[], Any], method: str, chunks: Sequence[Any]) -> Iterator[Any]:
        worker = self._worker(factory)
        for chunk in chunks:
            yield getattr(worker, method)(chunk)

    def _worker(self, factory: Callable[[], Any]) -> Any:
        # one worker per factory object; the factory is kept so that its id is not reused
        if id(factory) not in self._workers:
            self._workers[id(factory)] = (factory, factory())
        return self._workers[id(factory)][1]

    def close(self) -> None:
        self._workers.clear()


def _call(fn: Callable[[Any, Any], T], shared: Any, chunk: Any) -> T:
    return fn(shared, chunk)


class _Holder:
    """A Ray actor holding one stateful worker."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self.worker = factory()

    def run(self, method: str, chunk: Any) -> Any:
        return getattr(self.worker, method)(chunk)


class RayExecutor:
    """Ray tasks for :meth:`map`, Ray actors (one per worker CPU, or ``workers``) for :meth:`map_worker`.

    ``address``: a running cluster (``"auto"`` or ``"ray://host:10001"``); None starts a local one
    with ``num_cpus`` CPUs, stopped again by :meth:`close`. ``workers``: how many stateful workers
    (default: the cluster's CPUs).
    """

    name = "ray"

    def __init__(
        self, *, address: str | None = None, workers: int | None = None, num_cpus: int | None = None,
        object_store_memory: int | None = None,
    ) -> None:  # fmt: skip
        # Ray's C++ core loaded after usearch's aborts the process at ray.init (a clashing C++ runtime)
        late = "usearch.compiled" in sys.modules and "ray._raylet" not in sys.modules
        try:
            import ray
        except ImportError as exc:
            raise MissingModelError(
                "the ray executor needs the ray package", fix="pip install 'auditor[ray]' (or pip install ray)"
            ) from exc
        if late:
            raise UsageError(
                "Ray cannot start in this process: usearch was loaded before it, and their C++ runtimes "
                "clash (Ray aborts the process)",
                fix="create the ray executor before the first corpus run of this process, or start a new process",
                code="A244",
            )
        self._ray = ray
        self._owned = False
        if not ray.is_initialized():
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address is None:
                kwargs.update(num_cpus=num_cpus, object_store_memory=object_store_memory)
            try:
                ray.init(address=address, **kwargs)
            except ConnectionError as exc:  # no cluster at that address
                ray.shutdown()  # leave nothing of the failed join behind in this process
                raise UsageError(
                    f"cannot join a Ray cluster at {address!r}: {exc}",
                    fix="start one with `ray start --head` (or set RAY_ADDRESS), or drop --address to run on a private local cluster",
                    code="A243",
                ) from exc
            self._owned = True
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = max(1, workers or cpus)
        # half a CPU each: the stateful workers stay alive between stages and must leave room for tasks
        self._task: Any = ray.remote(num_cpus=0.5)(_call)
        self._actor: Any = ray.remote(num_cpus=0.5)(_Holder)
        self._pools: dict[int, tuple[Callable[[], Any], list[Any]]] = {}

    def map(self, fn: Callable[[Any, Any], T], chunks: Sequence[Any], *, shared: Any = None) -> Iterator[T]:
        if not chunks:
            return
        ref = self._ray.put(shared)
        yield from self._window(lambda i: self._task.remote(fn, ref, chunks[i]), len(chunks))

    def map_worker(self, factory: Callable[[], Any], method: str, chunks: Sequence[Any]) -> Iterator[Any]:
        if not chunks:
            return
        if id(factory) not in self._pools:
            n = min(self.workers, len(chunks))
            self._pools[id(factory)] = (factory, [self._actor.remote(factory) for _ in range(n)])
        actors = self._pools[id(factory)][1]
        yield from self._window(lambda i: actors[i % len(actors)].run.remote(method, chunks[i]), len(chunks))

    def _window(self, submit: Callable[[int], Any], n: int) -> Iterator[Any]:
        """The results of ``submit(0) … submit(n - 1)`` in order, with at most :data:`IN_FLIGHT` per
        worker submitted and not yet taken: the chunks and results wait in the object store, and all
        of a 100,000-document corpus's at once filled it and then the disk it spills to (issue 16)."""
        from collections import deque

        window, pending, nxt = IN_FLIGHT * self.workers, deque(), 0  # type: int, deque[Any], int
        for _ in range(n):
            while nxt < n and len(pending) < window:
                pending.append(submit(nxt))
                nxt += 1
            yield self._ray.get(pending.popleft())

    def close(self) -> None:
        for _, actors in self._pools.values():
            for a in actors:
                self._ray.kill(a)
        self._pools.clear()
        if self._owned and self._ray.is_initialized():
            self._ray.shutdown()
            self._owned = False


def before_usearch() -> None:
    """Load Ray's C++ core before usearch's, where Ray is installed: loaded after usearch, Ray's
    start-up aborts the whole process (std::regex_error from a clashing C++ runtime). 0.6 s, once,
    and only for a corpus large enough for the approximate index."""
    if "usearch.compiled" in sys.modules or "ray._raylet" in sys.modules:
        return
    import importlib.util

    if importlib.util.find_spec("ray") is None:
        return
    try:
        import ray._raylet  # noqa: F401
    except Exception:  # noqa: BLE001 - Ray unusable here: nothing to protect
        return


def get_executor(name: str = "local", *, address: str | None = None, workers: int | None = None) -> Executor:
    """The executor called ``name`` (one of :data:`EXECUTORS`)."""
    if name == "local":
        if address is not None:
            raise UsageError("--address is for the ray executor", fix="add --executor ray, or drop --address")
        return LocalExecutor()
    if name == "ray":
        return RayExecutor(address=address, workers=workers)
    raise UsageError(f"unknown executor {name!r}", fix=f"use one of: {', '.join(EXECUTORS)}")
