"""Benchmark Eén tegen eenzaamheid: from a year's survey export to the national report
and the confidential per-municipality outputs. One direction of flow: one sub-package per
stage (each one's `__init__` says what it owns), and small top-level modules that every
stage may use.

Which stage comes after which, and so may import from it, is said in one place: the
import contract in pyproject.toml (`[tool.importlinter]`), which `make lint` and `make
test` check with lint-imports. A module imports only from the layers below its own, and
every module of this package is in the contract.
"""
