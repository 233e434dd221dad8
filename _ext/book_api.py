"""The ``tconv-api`` directive: the API reference of ``tconv_lib``, generated from the package.

Every public submodule gets a section with its docstring and the public names it defines
(its ``__all__``, or else its public classes and functions), each documented once, where it
is defined. The reference therefore grows by itself when a module is added to the package.

The chapters import everything from the top level, so a reference such as
``{py:func}`tconv_lib.conv``` is resolved to the documented ``tconv_lib.ops.conv`` for every
name in ``tconv_lib.__all__``; inside the package's docstrings the bare name (``conv``)
resolves the same way.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache
from types import ModuleType

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

# Reading order of the book; modules not listed follow alphabetically.
MODULE_ORDER = (
    "arithmetic",
    "ops",
    "matrix",
    "symbolic",
    "gradients",
    "diagrams",
    "widgets",
    "bilinear",
    "overlap",
)


def _submodules(package: ModuleType) -> list[ModuleType]:
    found = pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
    return [
        importlib.import_module(info.name)
        for info in found
        if not any(part.startswith("_") for part in info.name.split("."))
    ]


def _is_package(module: ModuleType) -> bool:
    return hasattr(module, "__path__")


def _candidates(module: ModuleType) -> list[str]:
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and (inspect.isclass(value) or inspect.isfunction(value))
    ]


def _home(name: str, value: object, modules: list[ModuleType]) -> str | None:
    """Name of the module that defines ``value``, known to the package as ``name``."""
    if inspect.isclass(value) or inspect.isfunction(value):
        return value.__module__
    # Data has no __module__: the defining module is the leaf module that holds it.
    holders = [m for m in modules if vars(m).get(name, None) is value and name in _candidates(m)]
    holders.sort(key=_is_package)
    return holders[0].__name__ if holders else None


@cache
def documented_members(package_name: str) -> dict[str, list[str]]:
    """Map every public submodule to the public names documented in its section.

    >>> members = documented_members("tconv_lib")
    >>> "conv" in members["tconv_lib.ops"]
    True
    """
    package = importlib.import_module(package_name)
    modules = _submodules(package)
    members = {
        module.__name__: [
            name
            for name in _candidates(module)
            if _home(name, getattr(module, name), modules) == module.__name__
        ]
        for module in modules
    }
    return dict(sorted(members.items(), key=lambda item: _module_rank(item[0], package_name)))


@cache
def top_level_aliases(package_name: str) -> dict[str, str]:
    """Map ``package.NAME`` to the documented full name, for every name in ``__all__``.

    >>> top_level_aliases("tconv_lib")["tconv_lib.conv"]
    'tconv_lib.ops.conv'
    """
    package = importlib.import_module(package_name)
    modules = _submodules(package)
    aliases = {}
    for name in package.__all__:
        home = _home(name, getattr(package, name), modules)
        if home is not None and home != package_name:
            aliases[f"{package_name}.{name}"] = f"{home}.{name}"
    return aliases


def _module_rank(module_name: str, package_name: str) -> tuple[int, str]:
    first = module_name.removeprefix(f"{package_name}.").split(".")[0]
    rank = MODULE_ORDER.index(first) if first in MODULE_ORDER else len(MODULE_ORDER)
    return rank, module_name


def api_rst(package_name: str) -> list[str]:
    """reStructuredText with one section per public submodule."""
    package = importlib.import_module(package_name)
    exported = set(package.__all__)
    lines: list[str] = []
    for module_name, names in documented_members(package_name).items():
        title = f"``{module_name}``"
        lines += [title, "-" * len(title), "", f".. automodule:: {module_name}"]
        if names:
            lines += [f"   :members: {', '.join(names)}"]
        lines += [""]
        top = [name for name in names if name in exported]
        if top:
            listed = ", ".join(f"``{name}``" for name in top)
            lines += [f"Importable from the top level as ``{package_name}.<name>``: {listed}.", ""]
    return lines


class TconvApiDirective(SphinxDirective):
    """Insert the generated reference of the package named in the argument."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        package_name = self.arguments[0]
        content = StringList(api_rst(package_name), source=f"<{package_name} API reference>")
        container = nodes.section()
        container.document = self.state.document
        nested_parse_with_titles(self.state, content, container)
        # Re-read this page whenever any module of the package changes.
        package = importlib.import_module(package_name)
        for module in [package, *_submodules(package)]:
            if module.__file__:
                self.env.note_dependency(module.__file__)
        return container.children


def _full_name(target: str, context_module: str | None, packages: list[str]) -> str | None:
    """Documented full name for a reference to a top-level name of one of ``packages``.

    Accepts ``tconv_lib.NAME[.attr]``, and an unqualified ``NAME[.attr]`` written inside the
    package's own docstrings, where it means the package's public name.
    """
    first = target.split(".")[0]
    if first in packages:
        package_name, rest = first, target[len(first) + 1 :]
    elif context_module and context_module.split(".")[0] in packages:
        package_name, rest = context_module.split(".")[0], target
    else:
        return None
    head, _, tail = rest.partition(".")
    home = top_level_aliases(package_name).get(f"{package_name}.{head}")
    if home is None:
        return None
    return f"{home}.{tail}" if tail else home


def _resolve_top_level(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Element | None:
    if node.get("refdomain") != "py":
        return None
    full_name = _full_name(
        node.get("reftarget", ""), node.get("py:module"), app.config.book_api_packages
    )
    if full_name is None:
        return None
    return env.get_domain("py").resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], full_name, node, contnode
    )


def setup(app: Sphinx) -> dict:
    app.add_config_value("book_api_packages", ["tconv_lib"], "env")
    app.add_directive("tconv-api", TconvApiDirective)
    app.connect("missing-reference", _resolve_top_level)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
