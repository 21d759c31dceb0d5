"""What the generator needs to know about the provider bindings, read from their jsii assemblies.

The assemblies ship inside the Python wheels (``<package>/_jsii/*.jsii.tgz``), so the JavaScript
and Python programs are generated from exactly the bindings both languages load. From them:
which class renders which Terraform block (the class documentation links to the registry page of
``aws_batch_job_definition`` and so on), and, for every argument struct, which property carries
which Terraform attribute (each property's documentation links to ``...#<attribute>``) and of
what type. Python keyword names come from the generated Python modules' ``name_mapping``.

Reading the AWS assembly (130 MB of JSON) takes a few seconds, so the distilled index is cached
in ``.cache/benchmarks/`` keyed by the wheels' file sizes and times.
"""

from __future__ import annotations

import ast
import functools
import gzip
import hashlib
import importlib.util
import json
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

# Each engine's provider packages (the generator runs in the virtualenv that holds them).
ENGINE_PROVIDERS = {
    "cdktf": ("cdktf_cdktf_provider_aws", "cdktf_cdktf_provider_docker"),
    "cdktn": ("cdktn_provider_aws", "cdktn_provider_docker"),
}
PROVIDER_PACKAGES = ENGINE_PROVIDERS["cdktf"]
INDEX_VERSION = 1

Kind = Literal["resource", "data", "provider"]
TypeRef = dict[str, Any]  # a jsii type reference, as in the assembly

# "Represents a {@link https://registry.terraform.io/providers/hashicorp/aws/6.25.0/docs/resources/batch_job_definition aws_batch_job_definition}."
_ELEMENT_LINK = re.compile(r"/docs/(resources|data-sources)/\w+ (\w+)\}")
_PROVIDER_LINK = re.compile(r"/docs (\w+)\}")
# "Docs at Terraform Registry: {@link https://...#container_properties BatchJobDefinition#container_properties}."
_ATTRIBUTE_LINK = re.compile(r"#(\w+) \w+#\1\}")
_BASES: dict[str, Kind] = {
    "cdktf.TerraformResource": "resource",
    "cdktf.TerraformDataSource": "data",
    "cdktf.TerraformProvider": "provider",
}


class UnsupportedError(Exception):
    """The synthesized configuration holds something the generator cannot reproduce."""


@dataclass(frozen=True)
class Module:
    npm: str  # "@cdktf/provider-aws"
    lib: str  # "batch-job-definition": require("<npm>/lib/<lib>")
    namespace: str  # "batchJobDefinition": require("<npm>").<namespace>
    python: str  # "cdktf_cdktf_provider_aws.batch_job_definition"


@dataclass(frozen=True)
class Prop:
    name: str  # the jsii (JavaScript) property name
    type: TypeRef


@dataclass(frozen=True)
class Struct:
    fqn: str
    name: str
    module: Module
    props: dict[str, Prop]  # by Terraform attribute name


@dataclass(frozen=True)
class Element:
    """A class that renders one Terraform block: a resource, a data source or a provider."""

    kind: Kind
    tf_type: str  # "aws_batch_job_definition"; for a provider its local name, "aws"
    name: str  # class name, "BatchJobDefinition"
    module: Module
    config: str  # fqn of its config struct


def python_snake_case(name: str) -> str:
    """jsii-pacmak's name for a submodule in Python (codemaker's toSnakeCase, i.e. decamelize)."""
    name = re.sub(r"([a-z\d])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z]+)", r"\1_\2", name)
    return name.lower()


def _package_dir(package: str) -> Path:
    # find_spec on a top-level name locates the package without importing it (importing it
    # would start jsii and load the whole assembly).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise UnsupportedError(f"Python package {package} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _tarball(package: str) -> Path:
    found = sorted((_package_dir(package) / "_jsii").glob("*.jsii.tgz"))
    if len(found) != 1:
        raise UnsupportedError(f"expected one jsii tarball in {package}/_jsii, found {found}")
    return found[0]


def _read_assembly(tarball: Path) -> dict[str, Any]:
    with tarfile.open(tarball) as tar:

        def member(name: str) -> bytes:
            handle = tar.extractfile(f"package/{name}")
            if handle is None:
                raise UnsupportedError(f"{tarball} has no package/{name}")
            return handle.read()

        assembly: dict[str, Any] = json.loads(member(".jsii"))
        if assembly.get("schema") == "jsii/file-redirect":  # a compressed assembly
            data = member(assembly["filename"])
            if assembly.get("compression") == "gzip":
                data = gzip.decompress(data)
            assembly = json.loads(data)
    return assembly


def _docs_text(entry: dict[str, Any]) -> str:
    docs = entry.get("docs", {})
    return f"{docs.get('summary', '')} {docs.get('remarks', '')}"


def _as_cdktf(value: Any) -> Any:
    """A type reference with CDK Terrain's core types named as cdktf's (``cdktn.IResolvable`` as
    ``cdktf.IResolvable``): the generator speaks cdktf's names, and the programs it writes for
    cdktn import ``cdktn`` under the name ``cdktf``."""
    return json.loads(json.dumps(value).replace('"cdktn.', '"cdktf.'))


def _distill(assembly: dict[str, Any]) -> dict[str, Any]:
    """The parts of one assembly the generator uses, as JSON."""
    npm = assembly["name"]
    python_package = assembly["targets"]["python"]["module"]
    modules: dict[str, dict[str, str]] = {}
    elements: list[dict[str, Any]] = []
    structs: dict[str, dict[str, Any]] = {}
    for fqn, entry in assembly["types"].items():
        match = re.match(r"src/([^/]+)/", entry["locationInModule"]["filename"])
        namespace = entry.get("namespace")
        if match is None or namespace is None:
            continue
        module = modules.setdefault(
            namespace,
            {
                "npm": npm,
                "lib": match.group(1),
                "namespace": namespace,
                "python": f"{python_package}.{python_snake_case(namespace)}",
            },
        )
        kind = _BASES.get(_as_cdktf(entry.get("base", "")))
        if entry["kind"] == "class" and kind is not None:
            text = _docs_text(entry)
            if kind == "provider":
                link = _PROVIDER_LINK.search(text)
                tf_type = link.group(1) if link else None
            else:
                link = _ELEMENT_LINK.search(text)
                tf_type = link.group(2) if link else None
            if tf_type is None:
                continue
            elements.append(
                {
                    "kind": kind,
                    "tf_type": tf_type,
                    "name": entry["name"],
                    "module": module,
                    "config": entry["initializer"]["parameters"][2]["type"]["fqn"],
                }
            )
        elif entry.get("datatype"):
            props: dict[str, dict[str, Any]] = {}
            for prop in entry.get("properties", []):
                link = _ATTRIBUTE_LINK.search(_docs_text(prop))
                if link is not None:
                    props[link.group(1)] = {"name": prop["name"], "type": _as_cdktf(prop["type"])}
            structs[fqn] = {"fqn": fqn, "name": entry["name"], "module": module, "props": props}
    return {"elements": elements, "structs": structs}


class Index:
    """Elements by (kind, Terraform type) and structs by fqn, over every provider package."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.elements: dict[tuple[str, str], Element] = {}
        for raw in data["elements"]:
            element = Element(
                kind=raw["kind"],
                tf_type=raw["tf_type"],
                name=raw["name"],
                module=Module(**raw["module"]),
                config=raw["config"],
            )
            self.elements[(element.kind, element.tf_type)] = element
        self._structs: dict[str, dict[str, Any]] = data["structs"]
        self._built: dict[str, Struct] = {}

    def element(self, kind: Kind, tf_type: str) -> Element:
        try:
            return self.elements[(kind, tf_type)]
        except KeyError:
            raise UnsupportedError(f"no binding class renders {kind} {tf_type!r}") from None

    def struct(self, fqn: str) -> Struct:
        built = self._built.get(fqn)
        if built is None:
            raw = self._structs.get(fqn)
            if raw is None:
                raise UnsupportedError(f"unknown struct {fqn}")
            built = self._built[fqn] = Struct(
                fqn=raw["fqn"],
                name=raw["name"],
                module=Module(**raw["module"]),
                props={tf: Prop(name=p["name"], type=p["type"]) for tf, p in raw["props"].items()},
            )
        return built

    @staticmethod
    def python_names(struct: Struct) -> dict[str, str]:
        """jsii property name -> Python keyword, from the struct's ``name_mapping``."""
        mapping = _python_name_mappings(struct.module.python).get(struct.fqn)
        if mapping is None:
            raise UnsupportedError(f"no Python class for {struct.fqn} in {struct.module.python}")
        return {jsii: python for python, jsii in mapping.items()}


_DATA_TYPE = re.compile(
    r'jsii_type="([^"]+)",\s*jsii_struct_bases=\[[^\]]*\],\s*name_mapping=(\{[^}]*\}),',
)


@functools.cache
def _python_name_mappings(module: str) -> dict[str, dict[str, str]]:
    """fqn -> name_mapping (Python name -> jsii name) of every struct in a bindings module,
    read from its source without importing it."""
    package, _, submodule = module.partition(".")
    source = (_package_dir(package) / submodule / "__init__.py").read_text()
    mappings: dict[str, dict[str, str]] = {}
    for match in _DATA_TYPE.finditer(source):
        mappings[match.group(1)] = ast.literal_eval(match.group(2))
    return mappings


def load_index(cache_dir: Path, engine: str = "cdktf") -> Index:
    tarballs = [_tarball(package) for package in ENGINE_PROVIDERS[engine]]
    key = hashlib.sha256(
        json.dumps([INDEX_VERSION, *[(str(t), t.stat().st_size, t.stat().st_mtime_ns) for t in tarballs]]).encode()
    ).hexdigest()[:16]
    cached = cache_dir / f"provider-index-{key}.json"
    if cached.is_file():
        return Index(json.loads(cached.read_text()))
    merged: dict[str, Any] = {"elements": [], "structs": {}}
    for tarball in tarballs:
        distilled = _distill(_read_assembly(tarball))
        merged["elements"].extend(distilled["elements"])
        merged["structs"].update(distilled["structs"])
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".tmp")
    partial.write_text(json.dumps(merged))
    partial.replace(cached)
    return Index(merged)
