"""Which public callables of ``cdktf_batch`` can raise ``ValidationError``, read from the source.

The rule (``tests/test_docs_site.py`` holds every public callable to it): a callable *raises*
when its body holds ``raise ValidationError(...)`` (or a subclass of it, or ``raise fail(...)``,
the helper of ``_validation.py`` that builds one), or when it calls something of the package that
raises, followed through:

- functions of its module and functions or classes imported from ``cdktf_batch`` modules;
- a class called as a constructor: its ``__init__`` and ``__post_init__`` (dataclasses), and
  ``super().__init__``;
- ``self.method``, ``cls.method`` and ``Class.method`` for classes of the package, and
  ``module.function`` for a package module imported by name.

Calls that only the running program resolves (a method of an argument, ``image.bind(...)``) are
not followed: the rule finds a lower bound of what raises, never a callable that cannot. The
public callables are the functions of ``cdktf_batch.__all__``, the constructors of its classes
(not enums, protocols or errors), and the public methods, class methods and static methods that
those classes define themselves. Nothing is imported: the source is read with ``ast``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cdktf_batch"
ERRORS = {"ValidationError", "UnsupportedByProviderError", "EngineMismatchError", "fail"}
CONSTRUCTORS = ("__init__", "__post_init__")

Key = tuple[str, str]  # (module, "function") or (module, "Class.method")


@dataclass
class Module:
    name: str
    tree: ast.Module
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    imported: dict[str, tuple[str, str]] = field(default_factory=dict)  # local name -> (module, name)
    modules: dict[str, str] = field(default_factory=dict)  # local name -> module


def _module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def load(package: Path = PACKAGE) -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for path in sorted(package.rglob("*.py")):
        if "_fast" in path.relative_to(package).parts:
            continue  # the fast path raises no ValidationError and knows nothing of Batch
        name = _module_name(path, package)
        module = Module(name, ast.parse(path.read_text()))
        package_name = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in module.tree.body:
            if isinstance(node, ast.FunctionDef):
                module.functions[node.name] = node  # an overloaded function's implementation comes last
            elif isinstance(node, ast.ClassDef):
                module.classes[node.name] = node
            elif isinstance(node, ast.ImportFrom):
                source = node.module or ""
                if node.level:
                    base = package_name.rsplit(".", node.level - 1)[0] if node.level > 1 else package_name
                    source = f"{base}.{source}" if source else base
                if not source.startswith("cdktf_batch"):
                    continue
                for alias in node.names:
                    local = alias.asname or alias.name
                    module.imported[local] = (source, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("cdktf_batch.") and alias.asname:
                        module.modules[alias.asname] = alias.name
        modules[name] = module
    for module in modules.values():  # `from cdktf_batch import _validation` names a module
        for local, (source, name) in list(module.imported.items()):
            if f"{source}.{name}" in modules:
                module.modules[local] = f"{source}.{name}"
                del module.imported[local]
    return modules


class Graph:
    def __init__(self, modules: dict[str, Module]) -> None:
        self.modules = modules
        self.bodies: dict[Key, ast.FunctionDef] = {}
        self.calls: dict[Key, set[Key]] = {}
        self.seeds: set[Key] = set()
        owners: dict[Key, tuple[Module, str | None]] = {}
        for module in modules.values():
            for name, function in module.functions.items():
                self.bodies[(module.name, name)] = function
                owners[(module.name, name)] = (module, None)
            for class_name, node in module.classes.items():
                for item in node.body:
                    if isinstance(item, ast.FunctionDef):  # an overload's implementation comes last
                        self.bodies[(module.name, f"{class_name}.{item.name}")] = item
                        owners[(module.name, f"{class_name}.{item.name}")] = (module, class_name)
        for key, (module, class_name) in owners.items():  # once every body is known
            self._add(module, class_name, key, self.bodies[key])
        self.raising = self._closure()

    def _add(self, module: Module, class_name: str | None, key: Key, function: ast.FunctionDef) -> None:
        targets: set[Key] = set()
        for node in ast.walk(function):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _last_name(node.exc.func) in ERRORS:
                self.seeds.add(key)
            if isinstance(node, ast.Call):
                targets.update(self._resolve(module, class_name, node.func))
        self.calls[key] = targets

    def _resolve(self, module: Module, class_name: str | None, func: ast.expr) -> Iterator[Key]:
        if isinstance(func, ast.Name):
            yield from self._named(module, func.id)
        elif isinstance(func, ast.Attribute):
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls") and class_name:
                yield from self._method(module.name, class_name, func.attr)
            elif isinstance(owner, ast.Name) and owner.id in module.modules:
                yield from self._named(self.modules[module.modules[owner.id]], func.attr)
            elif isinstance(owner, ast.Name):
                for target_module, target_class in self._classes(module, owner.id):
                    yield from self._method(target_module, target_class, func.attr)
            elif isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
                node = self.modules[module.name].classes.get(class_name or "")
                for base in node.bases if node else []:
                    if isinstance(base, ast.Name):
                        for target_module, target_class in self._classes(module, base.id):
                            yield from self._method(target_module, target_class, func.attr)

    def _named(self, module: Module, name: str, depth: int = 0) -> Iterator[Key]:
        if name in module.functions:
            yield (module.name, name)
        elif name in module.classes:
            for constructor in CONSTRUCTORS:
                yield from self._method(module.name, name, constructor)
        elif name in module.imported and depth < 5:
            source, original = module.imported[name]
            if source in self.modules:
                yield from self._named(self.modules[source], original, depth + 1)

    def _classes(self, module: Module, name: str, depth: int = 0) -> Iterator[tuple[str, str]]:
        if name in module.classes:
            yield (module.name, name)
        elif name in module.imported and depth < 5:
            source, original = module.imported[name]
            if source in self.modules:
                yield from self._classes(self.modules[source], original, depth + 1)

    def _method(self, module: str, class_name: str, method: str) -> Iterator[Key]:
        key = (module, f"{class_name}.{method}")
        if key in self.bodies:
            yield key
            return
        node = self.modules[module].classes.get(class_name)
        for base in node.bases if node else []:  # inherited from a base class of the package
            if isinstance(base, ast.Name):
                for target_module, target_class in self._classes(self.modules[module], base.id):
                    yield from self._method(target_module, target_class, method)

    def _closure(self) -> set[Key]:
        raising = set(self.seeds)
        changed = True
        while changed:
            changed = False
            for key, targets in self.calls.items():
                if key not in raising and targets & raising:
                    raising.add(key)
                    changed = True
        return raising

    def constructor_raises(self, module: str, class_name: str) -> bool:
        return any(key in self.raising for c in CONSTRUCTORS for key in self._method(module, class_name, c))


def _last_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


@dataclass(frozen=True)
class Callable:
    name: str  # as the user writes it: "JobQueue", "JobQueue.add_compute_environment"
    module: str
    docstring: str | None
    raises: bool


SKIPPED_BASES = {"Enum", "Protocol"}


def _decorators(function: ast.FunctionDef) -> set[str]:
    return {_last_name(d.func if isinstance(d, ast.Call) else d) for d in function.decorator_list}


def public_callables(exported: list[str], package: Path = PACKAGE) -> list[Callable]:
    """Every public callable of ``exported`` (``cdktf_batch.__all__``), with whether it raises."""
    modules = load(package)
    graph = Graph(modules)
    wanted = set(exported)
    found: list[Callable] = []
    for module in modules.values():
        if module.name in ("cdktf_batch", "cdktf_batch.errors"):
            continue  # the errors themselves are not called to check anything
        for name in sorted(wanted & set(module.functions)):
            function = module.functions[name]
            found.append(Callable(name, module.name, ast.get_docstring(function), (module.name, name) in graph.raising))
        for name in sorted(wanted & set(module.classes)):
            node = module.classes[name]
            if {_last_name(base) for base in node.bases} & SKIPPED_BASES:
                continue
            init = next((i for i in node.body if isinstance(i, ast.FunctionDef) and i.name == "__init__"), None)
            # The site shows the class's docstring with its __init__'s (mkdocs.yml: merge_init_into_class).
            docstring = "\n".join(filter(None, (ast.get_docstring(node), init and ast.get_docstring(init))))
            found.append(Callable(name, module.name, docstring, graph.constructor_raises(module.name, name)))
            for item in node.body:
                if not isinstance(item, ast.FunctionDef) or item.name.startswith("_"):
                    continue
                if _decorators(item) & {"property", "cached_property", "overload"}:
                    continue  # attributes; an overload's signature (the implementation follows it)
                key = (module.name, f"{name}.{item.name}")
                found.append(
                    Callable(f"{name}.{item.name}", module.name, ast.get_docstring(item), key in graph.raising)
                )
        wanted -= set(module.functions) | set(module.classes)
    return found


def documents_raises(docstring: str | None) -> bool:
    """A Google-style ``Raises:`` section naming ``ValidationError`` or one of its subclasses."""
    if not docstring:
        return False
    lines = docstring.splitlines()
    for index, line in enumerate(lines):
        if line.strip() == "Raises:":
            section = "\n".join(lines[index + 1 : index + 12])
            return any(f"{error}:" in section for error in ERRORS - {"fail"})
    return False
