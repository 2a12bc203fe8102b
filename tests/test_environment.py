"""pyproject.toml, requirements.lock, environment.yml and .venv must not drift apart.

pyproject.toml pins the direct dependencies, and those of the tests in the dependency group
`test`; requirements.lock (`make lock`) holds both and adds every transitive one, for each
supported Python; environment.yml installs from the lock.
"""

import re
import tomllib

import yaml
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name as norm

from helpers import paths
from helpers.pipeline import quarto, stamps

LOCK = paths.ROOT / "requirements.lock"
# Python minor versions to look at: wider than any range the project could claim.
MINORS = [f"3.{minor}" for minor in range(8, 20)]


def load():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text("utf-8"))
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return env, project


def pins() -> list[str]:
    """Every pin of pyproject.toml: the project's dependencies and each dependency group's."""
    pyproject = tomllib.loads((paths.ROOT / "pyproject.toml").read_text("utf-8"))
    groups = pyproject.get("dependency-groups", {}).values()
    return [*pyproject["project"]["dependencies"], *(pin for group in groups for pin in group)]


def locked() -> list[tuple[str, str, Marker | None]]:
    """(name, version, marker) of every line of requirements.lock."""
    entries = []
    for line in LOCK.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        (spec,) = req.specifier
        assert spec.operator == "==", f"requirements.lock: {line!r} is not an exact pin"
        entries.append((norm(req.name), spec.version, req.marker))
    return entries


def supported_minors(project) -> list[str]:
    spec = SpecifierSet(project["requires-python"])
    return [m for m in MINORS if spec.contains(f"{m}.0")]


def marker_env(python: str, platform: str) -> dict[str, str]:
    """Marker variables of CPython `python` (e.g. "3.12") on `platform` (sys.platform)."""
    return {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "sys_platform": platform,
        "platform_system": {"linux": "Linux", "darwin": "Darwin", "win32": "Windows"}[platform],
        "os_name": "nt" if platform == "win32" else "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }


def lock_for(env: dict[str, str]) -> dict[str, str]:
    """What pip installs from the lock where the markers have the values of `env`."""
    chosen: dict[str, str] = {}
    for name, version, marker in locked():
        if marker is None or marker.evaluate(env):
            assert chosen.setdefault(name, version) == version, f"{name}: two versions"
    return chosen


def test_environment_yml_installs_the_lock_and_the_project():
    """Conda brings what PyPI does not (Python, Quarto, ...); every Python package comes
    from the lock, so none of the lock's packages is a conda dependency too."""
    env, _ = load()
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip == [f"-r {LOCK.name}", "-e ."], "Python packages come from the lock, not conda"
    names = {norm(re.split(r"[=<>! ]", d)[0]) for d in conda}
    both = names & {name for name, _, _ in locked()}
    assert not both, f"environment.yml installs {sorted(both)} with conda: they are in the lock"


def test_python_version_agrees():
    """environment.yml's python accepts exactly the minor versions requires-python does."""
    env, project = load()
    (conda_python,) = [d for d in env["dependencies"] if re.match(r"python\b", str(d))]
    conda_spec = SpecifierSet(conda_python.removeprefix("python").replace(" ", ""))
    supported = supported_minors(project)
    assert supported, "requires-python admits no Python"
    assert [m for m in MINORS if conda_spec.contains(f"{m}.0")] == supported


def quarto_pin() -> str:
    """The exact Quarto version environment.yml pins (`quarto=X.Y.Z`)."""
    env, _ = load()
    (pin,) = [d for d in env["dependencies"] if str(d).startswith("quarto")]
    m = re.fullmatch(r"quarto=(\d+\.\d+\.\d+)", pin)
    assert m, f"environment.yml: Quarto must be pinned exactly (quarto=X.Y.Z), not {pin!r}"
    return m.group(1)


def test_pinned_quarto_meets_the_floor():
    assert tuple(map(int, quarto_pin().split("."))) >= quarto.MIN_QUARTO


def test_pyproject_pins_every_dependency():
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", d) for d in pins())


def test_lock_has_every_direct_pin():
    """Every pin of pyproject.toml is in the lock with the same version, on every
    supported Python (a pin changed without `make lock` fails here)."""
    entries = locked()
    for dep in pins():
        req = Requirement(dep)
        (pin,) = req.specifier
        versions = {(v, m) for n, v, m in entries if n == norm(req.name)}
        assert versions == {(pin.version, None)}, (
            f"{req.name}: pyproject.toml pins {pin.version}, requirements.lock has "
            f"{sorted(str(v) for v, _ in versions) or 'nothing'}: run `make lock`"
        )


def test_lock_resolves_for_every_supported_python():
    """The lock is universal: made for the lowest supported Python with --universal, and
    on each supported Python (Linux, macOS, Windows) it gives one version per package,
    including every direct pin."""
    _, project = load()
    header = LOCK.read_text("utf-8").splitlines()[:3]
    command = next(line for line in header if "uv pip compile" in line)
    supported = supported_minors(project)
    assert "--universal" in command.split()
    assert f"--python-version {supported[0]}" in command
    direct = {norm(Requirement(d).name) for d in pins()}
    for python in supported:
        for platform in ("linux", "darwin", "win32"):
            assert direct <= set(lock_for(marker_env(python, platform))), (python, platform)


def test_venv_is_the_locked_environment():
    """The packages installed here are those of the lock (make installs .venv from it)."""
    installed = dict(line.split("==", 1) for line in stamps.installed_distributions())
    wrong = {
        name: (version, installed.get(name))
        for name, version in lock_for(default_environment()).items()
        if installed.get(name) != version
    }
    assert not wrong, f"locked vs installed {wrong}: run `make venv`"
