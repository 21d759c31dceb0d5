"""Write plain-bindings programs that synthesize the same Terraform JSON as a cdktf_batch app.

Input: the output directory of a synthesized app (``manifest.json`` and one ``cdk.tf.json`` per
stack). Output: a Python program on ``cdktf_cdktf_provider_aws`` / ``cdktf_cdktf_provider_docker``
(no cdktf_batch) and JavaScript programs on ``@cdktf/provider-aws`` / ``@cdktf/provider-docker``,
one per way of loading the bindings (the package root, or each class's ``lib/<module>``); with
``--engine cdktn``, the same on CDK Terrain's ``cdktn_provider_*`` / ``@cdktn/provider-*``.

Every provider, data source, resource and output becomes one constructor call of its binding
class, with its Terraform logical id (the construct id, plus ``override_logical_id`` where the id
alone would not give it) so that the ``${...}`` references in the copied string values resolve to
the same blocks. Arguments are built by type, from the jsii assemblies (``benchmarks/assembly.py``):
nested blocks as the bindings' struct classes in Python and as object literals with jsii property
names in JavaScript, map attributes with their keys as they are, references in number, list and
map attributes through ``Token``; ``depends_on`` and ``provider`` as the objects they name,
``lifecycle`` as ``TerraformResourceLifecycle``. What cannot be written that way raises
``UnsupportedError``, naming the block and attribute.

The programs do not copy assets: a string that names an asset (e.g. a Docker build context under
``assets/``) is copied as the string, so the JSON is the same but no files are copied.

Run ``python -m benchmarks.generate OUTDIR DEST`` to write ``DEST/python/plain_app.py``,
``DEST/js/app.js`` and ``DEST/js/app_lib.js`` for a look at what is measured.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from benchmarks.assembly import (
    ENGINE_PROVIDERS,
    Element,
    Index,
    Kind,
    Module,
    Struct,
    TypeRef,
    UnsupportedError,
    load_index,
)

REPO = Path(__file__).resolve().parent.parent

# Meta-arguments of resources and data sources that cdktf renders from its own config fields.
_LIFECYCLE_FIELDS = {
    "create_before_destroy": "createBeforeDestroy",
    "prevent_destroy": "preventDestroy",
    "ignore_changes": "ignoreChanges",
    "replace_triggered_by": "replaceTriggeredBy",
}
_CONDITION_FIELDS = {"condition": "condition", "error_message": "errorMessage"}
_UNSUPPORTED_META = ("for_each", "connection", "provisioner")
_UNSUPPORTED_TOP = ("locals", "variable", "module", "moved", "import", "check", "removed")
# cdktf turns any construct id into a logical id by dropping other characters.
_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,255}")


# --- expressions: a value built by type, printed for either language -----------------------


@dataclass(frozen=True)
class Lit:
    """A JSON value written as a literal (strings, numbers, booleans, untyped values)."""

    value: Any


@dataclass(frozen=True)
class ListOf:
    items: list[Expr]


@dataclass(frozen=True)
class MapOf:
    """A map attribute: keys as they are."""

    items: list[tuple[str, Expr]]


@dataclass(frozen=True)
class StructOf:
    """A struct: Python ``module.Class(keyword=...)``, JavaScript ``{jsiiName: ...}``."""

    python_class: str
    fields: list[tuple[str, str, Expr]]  # (jsii name, Python name, value)


TokenKind = Literal["number", "list", "number_list", "any", "string_map", "number_map", "boolean_map", "any_map"]
_TOKEN_METHODS: dict[str, tuple[str, str]] = {
    "number": ("as_number", "asNumber"),
    "list": ("as_list", "asList"),
    "number_list": ("as_number_list", "asNumberList"),
    "any": ("as_any", "asAny"),
    "string_map": ("as_string_map", "asStringMap"),
    "number_map": ("as_number_map", "asNumberMap"),
    "boolean_map": ("as_boolean_map", "asBooleanMap"),
    "any_map": ("as_any_map", "asAnyMap"),
}


@dataclass(frozen=True)
class TokenOf:
    """A reference (``${...}``) where the binding expects a number, list, map or IResolvable."""

    kind: TokenKind
    text: str


@dataclass(frozen=True)
class Var:
    name: str


Expr = Lit | ListOf | MapOf | StructOf | TokenOf | Var


def python_expr(expr: Expr) -> str:
    if isinstance(expr, Lit):
        return repr(expr.value)  # json.loads gives str/int/float/bool/None/list/dict: repr is Python
    if isinstance(expr, ListOf):
        return "[" + ", ".join(python_expr(item) for item in expr.items) + "]"
    if isinstance(expr, MapOf):
        return "{" + ", ".join(f"{key!r}: {python_expr(value)}" for key, value in expr.items) + "}"
    if isinstance(expr, StructOf):
        args = ", ".join(f"{python}={python_expr(value)}" for _, python, value in expr.fields)
        return f"{expr.python_class}({args})"
    if isinstance(expr, TokenOf):
        return f"cdktf.Token.{_TOKEN_METHODS[expr.kind][0]}({expr.text!r})"
    return expr.name


def js_expr(expr: Expr) -> str:
    if isinstance(expr, Lit):
        return json.dumps(expr.value)
    if isinstance(expr, ListOf):
        return "[" + ", ".join(js_expr(item) for item in expr.items) + "]"
    if isinstance(expr, MapOf):
        return "{" + ", ".join(f"{json.dumps(key)}: {js_expr(value)}" for key, value in expr.items) + "}"
    if isinstance(expr, StructOf):
        return "{" + ", ".join(f"{jsii}: {js_expr(value)}" for jsii, _, value in expr.fields) + "}"
    if isinstance(expr, TokenOf):
        return f"cdktf.Token.{_TOKEN_METHODS[expr.kind][1]}({json.dumps(expr.text)})"
    return expr.name


# --- the program, language-neutral ------------------------------------------------------------


@dataclass
class Construct:
    """One constructor call: ``new <cls>(<scope>, <id>, {args})``."""

    scope: str  # variable of the stack
    cls: str  # "element:<kind>:<tf_type>", "cdktf.TerraformOutput" or "cdktf.TerraformStack"
    construct_id: str
    args: list[tuple[str, str, Expr]]  # (jsii name, Python name, value)
    var: str | None = None  # assigned when something refers to it
    logical_id: str | None = None  # override_logical_id when the construct id does not give it


@dataclass
class Program:
    description: str
    modules: dict[str, Module] = field(default_factory=dict)  # by Python module path
    elements: dict[str, Element] = field(default_factory=dict)  # by cls key
    statements: list[Construct] = field(default_factory=list)


def _fits(value: Any, t: TypeRef) -> bool:
    """Whether a JSON value is of the shape a jsii type describes (no tokens)."""
    if "primitive" in t:
        primitive = t["primitive"]
        if primitive in ("any", "json"):
            return True
        if primitive == "string":
            return isinstance(value, str)
        if primitive == "number":
            return isinstance(value, int | float) and not isinstance(value, bool)
        if primitive == "boolean":
            return isinstance(value, bool)
        return False
    if "collection" in t:
        return isinstance(value, list if t["collection"]["kind"] == "array" else dict)
    if "fqn" in t:
        return isinstance(value, dict) and t["fqn"] != "cdktf.IResolvable"
    return False


def _token_kind(t: TypeRef) -> TokenKind | None:
    """How a ``${...}`` string must be wrapped to stand where type ``t`` is expected."""
    if t.get("primitive") == "number":
        return "number"
    if t.get("fqn") == "cdktf.IResolvable":
        return "any"
    collection = t.get("collection")
    if collection is None:
        return None
    element = collection["elementtype"].get("primitive")
    if collection["kind"] == "array":
        if element == "string":
            return "list"
        return "number_list" if element == "number" else None
    if element == "string":
        return "string_map"
    if element == "number":
        return "number_map"
    return "boolean_map" if element == "boolean" else "any_map"


class Builder:
    def __init__(self, index: Index) -> None:
        self.index = index

    def value(self, program: Program, value: Any, t: TypeRef, where: str) -> Expr:
        if "union" in t:
            members: list[TypeRef] = t["union"]["types"]
            for member in members:
                if _fits(value, member):
                    return self.value(program, value, member, where)
            if isinstance(value, str):
                for member in members:
                    kind = _token_kind(member)
                    if kind is not None:
                        return TokenOf(kind, value)
            raise UnsupportedError(f"{where}: {value!r} fits none of {members}")
        if "primitive" in t:
            if _fits(value, t):
                return Lit(value)
            kind = _token_kind(t)
            if isinstance(value, str) and kind is not None:
                return TokenOf(kind, value)
            raise UnsupportedError(f"{where}: {value!r} is not a {t['primitive']}")
        if "collection" in t:
            element_type: TypeRef = t["collection"]["elementtype"]
            if isinstance(value, list) and t["collection"]["kind"] == "array":
                return ListOf([self.value(program, v, element_type, f"{where}[{i}]") for i, v in enumerate(value)])
            if isinstance(value, dict) and t["collection"]["kind"] == "map":
                return MapOf([(k, self.value(program, v, element_type, f"{where}.{k}")) for k, v in value.items()])
            kind = _token_kind(t)
            if isinstance(value, str) and kind is not None:
                return TokenOf(kind, value)
            raise UnsupportedError(f"{where}: {value!r} is not a {t['collection']['kind']}")
        fqn: str = t["fqn"]
        if fqn == "cdktf.IResolvable" and isinstance(value, str):
            return TokenOf("any", value)
        if not isinstance(value, dict):
            raise UnsupportedError(f"{where}: {value!r} is not a {fqn}")
        return self.struct(program, self.index.struct(fqn), value, where)

    def struct(self, program: Program, struct: Struct, value: dict[str, Any], where: str) -> StructOf:
        program.modules[struct.module.python] = struct.module
        return StructOf(
            python_class=f"{_python_alias(struct.module)}.{struct.name}",
            fields=self.fields(program, struct, value, where),
        )

    def fields(
        self, program: Program, struct: Struct, value: dict[str, Any], where: str
    ) -> list[tuple[str, str, Expr]]:
        python_names = self.index.python_names(struct)
        out: list[tuple[str, str, Expr]] = []
        for key, item in value.items():
            if key == "//":
                continue
            prop = struct.props.get(key)
            if prop is None:
                raise UnsupportedError(f"{where}.{key}: {struct.name} has no such attribute")
            out.append((prop.name, python_names[prop.name], self.value(program, item, prop.type, f"{where}.{key}")))
        return out


def _python_alias(module: Module) -> str:
    short = module.npm.rsplit("provider-", 1)[-1].replace("-", "_")
    return f"{short}_{module.python.rsplit('.', 1)[-1]}"


def _js_alias(module: Module, *, lib: bool) -> str:
    short = module.npm.rsplit("provider-", 1)[-1].replace("-", "_")
    return f"{short}_{module.namespace}" if lib else short


def _meta(body: dict[str, Any], where: str, resolve: Callable[[str, str], Var]) -> Iterator[tuple[str, str, Expr]]:
    """cdktf's own forms of the meta-arguments present in ``body``."""
    for key in _UNSUPPORTED_META:
        if key in body:
            raise UnsupportedError(f"{where}: meta-argument {key} is not supported by the generator")
    if "depends_on" in body:
        yield "dependsOn", "depends_on", ListOf([resolve(a, where) for a in body["depends_on"]])
    if "provider" in body:
        yield "provider", "provider", resolve(f"provider.{body['provider']}", where)
    if "count" in body:
        count = body["count"]
        yield "count", "count", Lit(count) if isinstance(count, int) else TokenOf("number", str(count))
    if "lifecycle" in body:
        lifecycle: dict[str, Any] = body["lifecycle"]
        fields: list[tuple[str, str, Expr]] = []
        for key, value in lifecycle.items():
            if key in _LIFECYCLE_FIELDS:
                fields.append((_LIFECYCLE_FIELDS[key], key, Lit(value)))
            elif key in ("precondition", "postcondition"):
                conditions: list[Expr] = []
                for condition in value:
                    unknown = set(condition) - set(_CONDITION_FIELDS)
                    if unknown:
                        raise UnsupportedError(f"{where}.lifecycle.{key}: {sorted(unknown)}")
                    conditions.append(
                        StructOf(
                            "cdktf.TerraformCondition",
                            [(_CONDITION_FIELDS[k], k, Lit(v)) for k, v in condition.items()],
                        )
                    )
                fields.append((key, key, ListOf(conditions)))
            else:
                raise UnsupportedError(f"{where}.lifecycle.{key} is not supported by the generator")
        yield "lifecycle", "lifecycle", StructOf("cdktf.TerraformResourceLifecycle", fields)


_META_KEYS = {"depends_on", "provider", "count", "lifecycle", *_UNSUPPORTED_META}


@dataclass(frozen=True)
class Block:
    kind: Kind
    tf_type: str  # for a provider, its name
    logical_id: str  # for a provider, its alias or name
    body: dict[str, Any]

    def unpack(self) -> tuple[Kind, str, str, dict[str, Any]]:
        return self.kind, self.tf_type, self.logical_id, self.body


def build_program(outdir: Path, index: Index, description: str) -> Program:
    """The constructor calls that synthesize ``outdir``'s stacks again."""
    manifest = json.loads((outdir / "manifest.json").read_text())
    program = _ProgramBuilder(index, Program(description=description))
    for stack_name, entry in manifest["stacks"].items():
        if entry.get("dependencies"):
            raise UnsupportedError(f"stack {stack_name}: cross-stack dependencies are not supported")
        program.stack(stack_name, json.loads((outdir / entry["synthesizedStackPath"]).read_text()))
    return program.program


class _ProgramBuilder:
    def __init__(self, index: Index, program: Program) -> None:
        self.index = index
        self.program = program
        self.values = Builder(index)
        self.counter = 0
        self.constructs: dict[str, Construct] = {}  # by address, in the current stack

    def new_var(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def resolve(self, address: str, where: str) -> Var:
        """The variable holding the block at ``address`` (depends_on, provider)."""
        target = self.constructs.get(address)
        if target is None:
            raise UnsupportedError(f"{where}: {address} is not a block of this stack")
        if target.var is None:
            target.var = self.new_var("p" if address.startswith("provider.") else "r")
        return Var(target.var)

    def stack(self, stack_name: str, config: dict[str, Any]) -> None:
        for key in _UNSUPPORTED_TOP:
            if key in config:
                raise UnsupportedError(f"stack {stack_name}: top-level {key!r} is not supported")
        terraform = config.get("terraform", {})
        unknown = set(terraform) - {"backend", "required_providers"}
        backends = set(terraform.get("backend", {}))
        if unknown or backends - {"local"}:
            # The default local backend comes with every stack (the check compares its path);
            # any other would need writing out here.
            raise UnsupportedError(f"stack {stack_name}: terraform block {sorted(unknown | backends)}")
        stack = Construct(scope="app", cls="cdktf.TerraformStack", construct_id=stack_name, args=[])
        stack.var = self.new_var("stack")
        self.program.statements.append(stack)

        # Every block of the stack, keyed by the address Terraform knows it by.
        blocks: dict[str, Block] = {}
        for provider, configs in config.get("provider", {}).items():
            for body in configs:
                address = f"provider.{provider}" + (f".{body['alias']}" if "alias" in body else "")
                blocks[address] = Block("provider", provider, body.get("alias", provider), body)
        for tf_type, items in config.get("data", {}).items():
            for logical_id, body in items.items():
                blocks[f"data.{tf_type}.{logical_id}"] = Block("data", tf_type, logical_id, body)
        for tf_type, items in config.get("resource", {}).items():
            for logical_id, body in items.items():
                blocks[f"{tf_type}.{logical_id}"] = Block("resource", tf_type, logical_id, body)

        self.constructs = {}
        used_ids: set[str] = set()
        for address in _dependency_order(blocks):
            statement = self.block(stack.var, address, blocks[address], used_ids, f"{stack_name}: {address}")
            self.constructs[address] = statement
            self.program.statements.append(statement)

        for name, output in config.get("output", {}).items():
            where = f"stack {stack_name}: output {name}"
            if not _PLAIN_ID.fullmatch(name) or name in used_ids:
                raise UnsupportedError(f"{where}: the name would need an override")
            unknown = set(output) - {"value", "description", "sensitive", "depends_on", "//"}
            if unknown:
                raise UnsupportedError(f"{where}: {sorted(unknown)}")
            args: list[tuple[str, str, Expr]] = [
                (k, k, Lit(output[k])) for k in ("value", "description", "sensitive") if k in output
            ]
            if "depends_on" in output:
                args.append(("dependsOn", "depends_on", ListOf([self.resolve(a, where) for a in output["depends_on"]])))
            self.program.statements.append(
                Construct(scope=stack.var, cls="cdktf.TerraformOutput", construct_id=name, args=args)
            )

    def block(self, scope: str, address: str, block: Block, used_ids: set[str], where: str) -> Construct:
        kind, tf_type, logical_id, body = block.unpack()
        element = self.index.element(kind, tf_type)
        self.program.modules[element.module.python] = element.module
        cls = f"element:{kind}:{tf_type}"
        self.program.elements[cls] = element
        config = self.index.struct(element.config)
        if kind == "provider":  # a provider block has no meta-arguments (alias is an attribute)
            args = self.values.fields(self.program, config, body, where)
        else:
            attributes = {k: v for k, v in body.items() if k not in _META_KEYS}
            args = [*_meta(body, where, self.resolve), *self.values.fields(self.program, config, attributes, where)]
        construct_id = logical_id
        suffix = 1
        while construct_id in used_ids:  # say, one logical id for a resource and a data source
            suffix += 1
            construct_id = f"{logical_id}{suffix}"
        used_ids.add(construct_id)
        statement = Construct(scope=scope, cls=cls, construct_id=construct_id, args=args)
        # Providers have no logical id. A construct directly in a stack gets its id as logical
        # id when the id is plain, so the override (one more jsii call) is made only otherwise.
        if kind != "provider" and (construct_id != logical_id or not _PLAIN_ID.fullmatch(logical_id)):
            statement.logical_id = logical_id
            statement.var = self.new_var("r")
        return statement


def _dependency_order(blocks: dict[str, Block]) -> list[str]:
    """Addresses with every block after the blocks it names in depends_on / provider (cdktf
    takes those as objects, so they must exist first); otherwise in the order of the JSON."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(address: str) -> None:
        if state.get(address) == 2:
            return
        if state.get(address) == 1:
            raise UnsupportedError(f"dependency cycle through {address}")
        state[address] = 1
        body = blocks[address].body
        needs = list(body.get("depends_on", []))
        if "provider" in body and blocks[address].kind != "provider":
            needs.append(f"provider.{body['provider']}")
        for need in needs:
            if need in blocks:
                visit(need)
        state[address] = 2
        order.append(address)

    for address in blocks:
        visit(address)
    return order


# --- printing ---------------------------------------------------------------------------------


def python_source(program: Program, *, engine: str = "cdktf") -> str:
    lines = [
        f'"""Generated by benchmarks/generate.py: {program.description}, on the plain provider bindings."""',
        "",
        "import cdktf" if engine == "cdktf" else f"import {engine} as cdktf",
    ]
    for path, module in sorted(program.modules.items()):
        package, _, submodule = path.rpartition(".")
        lines.append(f"from {package} import {submodule} as {_python_alias(module)}")
    lines += ["", "app = cdktf.App()"]
    for statement in program.statements:
        if statement.cls.startswith("element:"):
            element = program.elements[statement.cls]
            cls = f"{_python_alias(element.module)}.{element.name}"
        else:
            cls = statement.cls
        args = "".join(f", {python}={python_expr(value)}" for _, python, value in statement.args)
        call = f"{cls}({statement.scope}, {statement.construct_id!r}{args})"
        lines.append(f"{statement.var} = {call}" if statement.var else call)
        if statement.logical_id is not None:
            lines.append(f"{statement.var}.override_logical_id({statement.logical_id!r})")
    lines += ["app.synth()", ""]
    return "\n".join(lines)


def js_source(program: Program, *, lib: bool, repo: Path = REPO, engine: str = "cdktf") -> str:
    """JavaScript with modules from the node_modules beside ``repo``'s package.json: the package
    root (``require("@cdktf/provider-aws").batchJobDefinition``) or, with ``lib``, each class's
    own module (``require("@cdktf/provider-aws/lib/batch-job-definition")``)."""
    lines = [
        f"// Generated by benchmarks/generate.py: {program.description}, on the plain provider bindings.",
        '"use strict";',
        f'const req = require("module").createRequire({json.dumps(str(repo / "package.json"))});',
        f"const cdktf = req({json.dumps(engine)});",
    ]
    imports: dict[str, str] = {}
    for module in program.modules.values():
        alias = _js_alias(module, lib=lib)
        imports[alias] = f"{module.npm}/lib/{module.lib}" if lib else module.npm
    lines += [f"const {alias} = req({json.dumps(path)});" for alias, path in sorted(imports.items())]
    lines.append("const app = new cdktf.App();")
    for statement in program.statements:
        if statement.cls.startswith("element:"):
            element = program.elements[statement.cls]
            alias = _js_alias(element.module, lib=lib)
            cls = f"{alias}.{element.name}" if lib else f"{alias}.{element.module.namespace}.{element.name}"
        else:
            cls = statement.cls
        props = ", ".join(f"{jsii}: {js_expr(value)}" for jsii, _, value in statement.args)
        config = f", {{{props}}}" if statement.args or statement.cls.startswith("element:") else ""
        call = f"new {cls}({statement.scope}, {json.dumps(statement.construct_id)}{config});"
        lines.append(f"const {statement.var} = {call}" if statement.var else call)
        if statement.logical_id is not None:
            lines.append(f"{statement.var}.overrideLogicalId({json.dumps(statement.logical_id)});")
    lines += ["app.synth();", ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Generated:
    python_dir: Path  # run as: PYTHONPATH=python_dir python -m <python_module>
    python_module: str
    js_root: Path
    js_lib: Path


def generate(
    outdir: Path,
    dest: Path,
    name: str,
    description: str,
    index: Index,
    *,
    engine: str = "cdktf",
    node_root: Path = REPO,
) -> Generated:
    """The programs for ``engine`` (its provider packages, as ``index`` read them), their
    JavaScript requiring from the node_modules beside ``node_root``'s package.json."""
    program = build_program(outdir, index, description)
    python_dir = dest / "python"
    js_dir = dest / "js"
    python_dir.mkdir(parents=True, exist_ok=True)
    js_dir.mkdir(parents=True, exist_ok=True)
    module = f"plain_{name}"
    (python_dir / f"{module}.py").write_text(python_source(program, engine=engine))
    js_root = js_dir / f"{name}.js"
    js_lib = js_dir / f"{name}_lib.js"
    js_root.write_text(js_source(program, lib=False, repo=node_root, engine=engine))
    js_lib.write_text(js_source(program, lib=True, repo=node_root, engine=engine))
    return Generated(python_dir=python_dir, python_module=module, js_root=js_root, js_lib=js_lib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("outdir", type=Path, help="a synthesized app's output directory (manifest.json)")
    parser.add_argument("dest", type=Path, help="where to write python/ and js/")
    parser.add_argument("--name", default="app")
    parser.add_argument("--description", help="what the programs reproduce (default: the app in OUTDIR)")
    parser.add_argument("--engine", choices=sorted(ENGINE_PROVIDERS), default="cdktf")
    parser.add_argument("--node-root", type=Path, default=REPO, help="the directory whose node_modules JavaScript uses")
    parser.add_argument("--json", action="store_true", help="print the programs' paths as JSON")
    args = parser.parse_args()
    index = load_index(REPO / ".cache" / "benchmarks", args.engine)
    description = args.description or f"the app synthesized in {args.outdir}"
    generated = generate(
        args.outdir, args.dest, args.name, description, index, engine=args.engine, node_root=args.node_root
    )
    print(json.dumps({key: str(value) for key, value in asdict(generated).items()}) if args.json else generated)


if __name__ == "__main__":
    main()
