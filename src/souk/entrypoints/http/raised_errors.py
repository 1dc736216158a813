"""Which domain errors an HTTP handler can raise, read from the source: the OpenAPI
document lists each operation's error ``code``s from this, so a new ``raise`` shows up
in the documentation without anyone editing a table.

The reading is a call graph over Souk's own modules (domain, application, adapters and
the HTTP entry point), built from the syntax tree:

- ``name(...)`` follows what ``name`` is in its module (a function, or a class's
  ``__init__``/``__post_init__``/``__call__``);
- ``self._x(...)`` follows ``__call__`` of ``_x``'s declared class (and its subclasses);
- ``self._x.method(...)``, where the class declares ``_x``'s type (a field annotation or
  an annotated ``__init__`` parameter), and ``param.method(...)`` for an annotated
  parameter, follow ``method`` of that class and of its subclasses (a port reaches the
  adapters that implement it); ``self.method(...)`` follows the class's own;
- ``obj.method(...)`` on anything else follows every function called ``method`` in the
  domain, the application and the HTTP schemas (a syntax tree does not know the type),
  except a few names too generic to mean anything (``UNFOLLOWED``);
- a handler parameter ``FromDishka[UseCase]`` follows ``UseCase.__call__``;
- a method a class inherits is followed in the Souk base class that defines it.

It errs on the side of listing a code that cannot happen. What it could miss, the
schemathesis run catches: each documented status's ``code`` is an ``enum``, so an
answer with an unlisted code fails ``response_schema_conformance``."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from souk.domain.shared.errors import DomainError

SCANNED_PACKAGES = ("souk.domain", "souk.application", "souk.adapters", "souk.entrypoints.http")
CONSTRUCTORS = ("__init__", "__post_init__", "__call__")
NAME_FOLLOWED_PACKAGES = ("souk.domain.", "souk.application.", "souk.entrypoints.http.schemas.")
# Method names too generic to follow by name alone (the receiver's type unknown): they
# would join unrelated features.
UNFOLLOWED = frozenset(
    {"get", "append", "add", "update", "pop", "items", "keys", "values", "format", "join", "of"}
    | {"commit", "rollback", "execute", "publish", "connect", "encode", "decode", "start", "stop", "send"}
)


@dataclass
class _Function:
    raises: set[type[DomainError]] = field(default_factory=set)
    calls: set[str] = field(default_factory=set)  # qualified names (module:Qual.name)
    attribute_calls: set[str] = field(default_factory=set)  # bare method names, receiver unknown


@dataclass
class CallGraph:
    functions: dict[str, _Function] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=dict)

    def reachable_errors(self, start: Iterable[str]) -> set[type[DomainError]]:
        seen: set[str] = set()
        todo = list(start)
        found: set[type[DomainError]] = set()
        while todo:
            name = todo.pop()
            if name in seen or name not in self.functions:
                continue
            seen.add(name)
            function = self.functions[name]
            found |= function.raises
            todo.extend(function.calls - seen)
            for method in function.attribute_calls:
                todo.extend(self.by_name.get(method, set()) - seen)
        return found


def errors_of_handler(fn: Callable[..., Any]) -> set[type[DomainError]]:
    """Domain errors the route handler ``fn`` (its undecorated function) can raise."""
    return call_graph().reachable_errors({_qualname(fn)})


@cache
def call_graph() -> CallGraph:
    graph = CallGraph()
    for module_name in _modules():
        module = importlib.import_module(module_name)
        try:
            tree = ast.parse(inspect.getsource(module))
        except (OSError, TypeError):  # pragma: no cover - every souk module has source
            continue
        _Reader(graph, module_name, vars(module)).visit(tree)
    for qualified in graph.functions:
        if qualified.startswith(NAME_FOLLOWED_PACKAGES):
            graph.by_name.setdefault(qualified.rsplit(".", 1)[-1].rsplit(":", 1)[-1], set()).add(qualified)
    return graph


def _modules() -> list[str]:
    names: list[str] = []
    for package_name in SCANNED_PACKAGES:
        package = importlib.import_module(package_name)
        names.append(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if ".migrations" not in info.name:  # alembic scripts run on import
                names.append(info.name)
    return names


class _Reader(ast.NodeVisitor):
    def __init__(self, graph: CallGraph, module: str, namespace: dict[str, Any]) -> None:
        self.graph, self.module, self.namespace = graph, module, namespace
        self.scope: list[str] = []
        self.current: list[_Function] = []
        self.fields: list[dict[str, type]] = []
        self.params: list[dict[str, type]] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.scope.append(node.name)
        self.fields.append(self._fields_of(node))
        self.generic_visit(node)
        self.fields.pop()
        self.scope.pop()

    def _fields_of(self, node: ast.ClassDef) -> dict[str, type]:
        """``self.<name>``'s class, where the class says it: a field annotation, or
        ``self._x = x`` in ``__init__`` with ``x: SomeClass``."""
        fields: dict[str, type] = {}
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                self._remember(fields, statement.target.id, statement.annotation)
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef) and statement.name == "__init__":
                params = {a.arg: a.annotation for a in [*statement.args.args, *statement.args.kwonlyargs]}
                for assign in ast.walk(statement):
                    if (
                        isinstance(assign, ast.Assign)
                        and len(assign.targets) == 1
                        and isinstance(target := assign.targets[0], ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "self"
                        and isinstance(assign.value, ast.Name)
                        and assign.value.id in params
                    ):
                        self._remember(fields, target.attr, params[assign.value.id])
        return fields

    def _remember(self, fields: dict[str, type], name: str, annotation: ast.expr | None) -> None:
        while isinstance(annotation, ast.Subscript):  # JSONBody[X], Annotated[X, ...]: X
            inner = annotation.slice
            annotation = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
        target = self._resolve(annotation) if annotation is not None else None
        if inspect.isclass(target) and target.__module__.startswith("souk."):
            fields[name] = target

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        name = f"{self.module}:{'.'.join([*self.scope, node.name])}"
        function = self.graph.functions.setdefault(name, _Function())
        params: dict[str, type] = {}
        for argument in [*node.args.args, *node.args.kwonlyargs]:
            function.calls |= self._injected(argument.annotation)
            self._remember(params, argument.arg, argument.annotation)
        self.scope.append(node.name)
        self.current.append(function)
        self.params.append(params)
        self.generic_visit(node)
        self.params.pop()
        self.current.pop()
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Raise(self, node: ast.Raise) -> None:
        target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        if isinstance(target, ast.Subscript):  # raise TABLE[key](): any error in the table
            table = self._resolve(target.value)
            candidates = list(table.values()) if isinstance(table, dict) else []
        else:
            candidates = [self._resolve(target)] if target is not None else []
        for error in candidates:
            if self.current and isinstance(error, type) and issubclass(error, DomainError):
                self.current[-1].raises.add(error)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if self.current:
            function = self.current[-1]
            receiver = self._receiver_class(node.func)
            if receiver is not None and isinstance(node.func, ast.Attribute):
                function.calls |= _inherited(receiver, (node.func.attr,))
                function.calls |= {
                    f"{cls.__module__}:{cls.__qualname__}.{node.func.attr}" for cls in _implementations(receiver)
                }
            elif isinstance(node.func, ast.Attribute) and node.func.attr not in UNFOLLOWED:
                function.attribute_calls.add(node.func.attr)
            called = self._called_field(node.func)
            if called is not None:  # self._use_case(...): a collaborator's __call__
                function.calls |= _inherited(called, ("__call__",))
                function.calls |= {f"{cls.__module__}:{cls.__qualname__}.__call__" for cls in _implementations(called)}
            target = self._resolve(node.func)
            if inspect.isclass(target) and target.__module__.startswith("souk."):
                function.calls |= _inherited(target, CONSTRUCTORS)
            elif inspect.isfunction(target) and target.__module__.startswith("souk."):
                function.calls.add(_qualname(target))
        self.generic_visit(node)

    def _called_field(self, func: ast.expr) -> type | None:
        """The class of ``self._x`` in a call ``self._x(...)``, if the class says it."""
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "self"
            and self.fields
        ):
            return self.fields[-1].get(func.attr)
        return None

    def _receiver_class(self, func: ast.expr) -> type | None:
        """The class of ``self._x`` in a call ``self._x.method(...)``, if the class says it;
        the class being read for ``self.method(...)``."""
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if func.value.id == "self":
                owner = self.namespace.get(self.scope[0]) if self.scope else None
                return owner if inspect.isclass(owner) else None
            return self.params[-1].get(func.value.id) if self.params else None
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Attribute)
            and isinstance(func.value.value, ast.Name)
            and func.value.value.id == "self"
            and self.fields
        ):
            return self.fields[-1].get(func.value.attr)
        return None

    def _injected(self, annotation: ast.expr | None) -> set[str]:
        """``FromDishka[X]``: the handler calls ``X`` (a use case's ``__call__``)."""
        if not (isinstance(annotation, ast.Subscript) and isinstance(annotation.value, ast.Name)):
            return set()
        if annotation.value.id != "FromDishka":
            return set()
        target = self._resolve(annotation.slice)
        if not (inspect.isclass(target) and target.__module__.startswith("souk.")):
            return set()
        return _inherited(target, CONSTRUCTORS)

    def _resolve(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Name):
            return self.namespace.get(node.id)
        if isinstance(node, ast.Attribute):
            owner = self._resolve(node.value)
            return getattr(owner, node.attr, None) if owner is not None else None
        return None


def _inherited(cls: type, names: Iterable[str]) -> set[str]:
    """``names`` on ``cls`` and on the Souk classes it inherits from: a use case that
    inherits its ``__call__`` (or a method) is followed into its base's."""
    return {
        f"{klass.__module__}:{klass.__qualname__}.{n}"
        for klass in cls.__mro__
        if klass.__module__.startswith("souk.")
        for n in names
    }


def _implementations(cls: type) -> list[type]:
    """``cls`` and its subclasses: a port (a Protocol) reaches the adapters that implement it."""
    found, todo = [cls], list[type](cls.__subclasses__())
    while todo:
        sub = todo.pop()
        if sub not in found and sub.__module__.startswith("souk."):
            found.append(sub)
            todo.extend(sub.__subclasses__())
    return found


def _qualname(fn: Callable[..., Any]) -> str:
    fn = inspect.unwrap(fn)
    return f"{fn.__module__}:{fn.__qualname__}"
