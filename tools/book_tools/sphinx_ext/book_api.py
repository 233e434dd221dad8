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
import importlib.util
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


def _documented_home(module_name: str, name: str) -> str | None:
    """Where ``name``, as seen from ``module_name``'s namespace, is documented."""
    package_name = module_name.split(".")[0]
    try:
        value = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError):
        return None
    package = importlib.import_module(package_name)
    home = _home(name, value, _submodules(package))
    if home is None or name not in documented_members(package_name).get(home, []):
        return None
    return home


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # a parent that is not a package
        return False


def _full_name(target: str, context_module: str | None, packages: list[str]) -> str | None:
    """Documented full name of a reference to an object of one of ``packages``.

    Resolves the way Python would: ``tconv_lib.NAME[.attr]`` and
    ``tconv_lib.sub.NAME[.attr]`` through the named module's namespace, and an unqualified
    ``NAME[.attr]`` written in the package's own docstrings through the namespace of the
    module whose docstring it is, then the package's top level.
    """
    parts = target.split(".")
    if parts[0] in packages:
        # the longest prefix that is a module, then a name in it
        for split in range(len(parts) - 1, 0, -1):
            module_name = ".".join(parts[:split])
            if _is_module(module_name):
                break
        else:
            return None
        scopes, name, rest = [module_name], parts[split], parts[split + 1 :]
    elif context_module and context_module.split(".")[0] in packages:
        scopes = [context_module, context_module.split(".")[0]]
        name, rest = parts[0], parts[1:]
    else:
        return None
    for scope in scopes:
        home = _documented_home(scope, name)
        if home is not None:
            return ".".join([home, name, *rest])
    return None


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


_ATTRIBUTE_KINDS = frozenset({"attribute", "property", "data"})
_first_lines: dict[str, str] = {}


def _remember_first_line(app: Sphinx, what: str, name: str, obj: object, options: object,
                         lines: list[str]) -> None:
    if what in _ATTRIBUTE_KINDS and lines:
        _first_lines[name] = lines[0]


def _undo_inline_attribute_type(app: Sphinx, what: str, name: str, obj: object,
                                options: object, lines: list[str]) -> None:
    # NumPy-style docstrings give attribute types in an "Attributes" section, but napoleon
    # reads the words before a colon on an attribute's first line as its type ("Number of
    # steps: ..." becomes the type "Number of steps"). Put those words back into the text.
    first = _first_lines.pop(name, None)
    typed = [i for i, line in enumerate(lines) if line.startswith(":type: ")]
    if first is None or not typed:
        return
    words = lines[typed[-1]].removeprefix(":type: ")
    if not first.lstrip().startswith(f"{words}:"):
        return
    del lines[typed[-1]]
    text = next(i for i, line in enumerate(lines) if line.strip())
    lines[text] = f"{words}: {lines[text].lstrip()}"


def _skip_foreign_members(app: Sphinx, what: str, name: str, obj: object, skip: bool,
                          options: object) -> bool | None:
    # A class of the package may carry methods written elsewhere (Matplotlib generates a
    # `set` method, with its own docstring markup, for every Artist subclass): those belong
    # to the other library's documentation.
    module = getattr(obj, "__module__", None)
    if what == "class" and isinstance(module, str):
        if module.split(".")[0] not in app.config.book_api_packages:
            return True
    return None


def setup(app: Sphinx) -> dict:
    app.add_config_value("book_api_packages", ["tconv_lib"], "env")
    app.add_directive("tconv-api", TconvApiDirective)
    app.connect("missing-reference", _resolve_top_level)
    app.connect("autodoc-skip-member", _skip_foreign_members)
    # around napoleon (priority 500), which rewrites the docstring
    app.connect("autodoc-process-docstring", _remember_first_line, priority=400)
    app.connect("autodoc-process-docstring", _undo_inline_attribute_type, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
