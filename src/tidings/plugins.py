"""Registries: the extension points of tidings, filled by its own modules and by installed plugins.

Five registries, each also read from a Python entry-point group, as spaCy and datasette do:

- `readers` (`tidings.readers`): file extension -> `reader(source, data: bytes)` yielding Article / InputError
  (a reader marked with `reads_stream` gets an open binary file instead of the bytes: large files
  are then read as they go, never whole)
- `exporters` (`tidings.exporters`): export format -> `export(con, out, table) -> rows written`
- `ontologies` (`tidings.ontologies`): ontology name -> `load() -> EventOntology`
- `languages` (`tidings.languages`): language code -> `load() -> Language`
- `commands` (`tidings.commands`): command name -> a `click.Command`

The built-in readers, formats, the CAMEO ontology, English and the CLI commands register through the
same `register` call a plugin module makes, so a plugin is first-class: it can add a name or replace a
built-in one. A plugin package declares, in its pyproject.toml:

    [project.entry-points."tidings.readers"]
    ".eml" = "my_plugin:read_email"
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Generic, TypeVar

from .errors import TidingsError, UnknownName

T = TypeVar("T")


def _same(name: str) -> str:
    return name


def extension_key(name: str) -> str:
    """Readers are keyed by lower-case extension with its dot: "TXT", ".txt" -> ".txt"."""
    name = name.lower()
    return name if name.startswith(".") else "." + name


class Registry(Generic[T]):
    """Named items of one kind. The built-in modules listed in `builtins` register on first use, then
    the entry points of `group` (loaded only when their name is asked for)."""

    def __init__(
        self, kind: str, group: str, builtins: tuple[str, ...], key: Callable[[str], str] = _same
    ) -> None:
        self.kind, self.group, self.builtins, self.key = kind, group, builtins, key
        self._items: dict[str, T] = {}
        self._entry_points: dict[str, EntryPoint] = {}
        self._loaded = False

    def register(self, name: str, item: T) -> T:
        """Register `item` under `name` (replacing what was there) and return it."""
        self._items[self.key(name)] = item
        self._entry_points.pop(self.key(name), None)
        return item

    def unregister(self, name: str) -> None:
        """Forget `name` (a plugin's tests clean up with it)."""
        self._items.pop(self.key(name), None)
        self._entry_points.pop(self.key(name), None)

    def get(self, name: str) -> T:
        """The item registered under `name`; UnknownName lists the names there are."""
        self._load()
        key = self.key(name)
        if key in self._entry_points:
            self._items[key] = self._load_entry_point(self._entry_points.pop(key))
        if key not in self._items:
            raise UnknownName(f"no {self.kind} called {name!r}; known: {', '.join(self.names()) or 'none'}")
        return self._items[key]

    def __contains__(self, name: object) -> bool:
        self._load()
        return isinstance(name, str) and (
            self.key(name) in self._items or self.key(name) in self._entry_points
        )

    def names(self) -> list[str]:
        self._load()
        return sorted({*self._items, *self._entry_points})

    def items(self) -> list[tuple[str, T]]:
        """Every registered item, plugins loaded, by name."""
        return [(name, self.get(name)) for name in self.names()]

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        for module in self.builtins:
            importlib.import_module(module)
        for entry_point in entry_points(group=self.group):
            self._entry_points[self.key(entry_point.name)] = entry_point

    def _load_entry_point(self, entry_point: EntryPoint) -> T:
        try:
            loaded: T = entry_point.load()
        except Exception as exc:  # a broken plugin: name it, whatever it raised
            raise TidingsError(
                f"plugin {entry_point.value!r} for {self.kind} {entry_point.name!r} "
                f"(entry point group {self.group}) failed to load: {exc!r}"
            ) from exc
        return loaded


def reads_stream(reader: T) -> T:
    """Mark a reader as taking `(source, stream)`, an open binary file, instead of `(source, bytes)`."""
    reader.reads_stream = True  # type: ignore[attr-defined]
    return reader


readers: Registry[Callable[..., Any]] = Registry(
    "reader", "tidings.readers", ("tidings.ingest.formats",), key=extension_key
)
exporters: Registry[Callable[..., Any]] = Registry(
    "export format", "tidings.exporters", ("tidings.store.formats",)
)
ontologies: Registry[Callable[[], Any]] = Registry(
    "ontology", "tidings.ontologies", ("tidings.ontology.cameo",)
)
languages: Registry[Callable[[], Any]] = Registry("language", "tidings.languages", ("tidings.lang.en",))
commands: Registry[Any] = Registry(
    "command",
    "tidings.commands",
    (
        "tidings.cli.code",
        "tidings.cli.evaluate",
        "tidings.cli.ingest",
        "tidings.cli.query",
        "tidings.cli.export",
        "tidings.cli.watch",
        "tidings.api.command",
        "tidings.cli.upgrade",
    ),
)
