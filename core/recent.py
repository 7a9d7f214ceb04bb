"""The few most recently used values by key (loaded models, search indexes, corpora), made on first use and shared
by the UI's users: a value is never changed after it is made.

One locking rule: a key's value is made once, by its first asker, while later askers of that key wait for it;
askers of other keys are served meanwhile, as making a value (loading a model) may take minutes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Recent:
    def __init__(self, capacity: int = 4) -> None:
        self.capacity = capacity
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._making: dict[Hashable, threading.Lock] = {}  # one lock per key being made
        self._lock = threading.Lock()  # held for the two dicts only, never while a value is made

    def __len__(self) -> int:
        return len(self._items)

    def _hit(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return True, self._items[key]
        return False, None

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        found, value = self._hit(key)
        if found:
            return value
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            found, value = self._hit(key)  # made by the asker this one waited for
            if found:
                return value
            try:
                value = make()
            except BaseException:  # a failed make leaves no lock behind; the next asker tries again
                with self._lock:
                    self._making.pop(key, None)
                raise
            with self._lock:  # stored and no longer being made in one step: no asker makes it twice
                self._items[key] = value
                while len(self._items) > self.capacity:
                    self._items.popitem(last=False)
                self._making.pop(key, None)
        return value
