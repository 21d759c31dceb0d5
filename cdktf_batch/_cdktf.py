"""The one place cdktf_batch imports the CDK for Terraform runtime from.

Keeping these imports together means a second engine (CDK Terrain's ``cdktn``, which has
the same Python API under another package name) is one change here, not a hunt."""

from __future__ import annotations

from cdktf import (
    Fn,
    TerraformResourceLifecycle,
    TerraformStack,
    Token,
)
from constructs import Construct

__all__ = [
    "Construct",
    "Fn",
    "TerraformResourceLifecycle",
    "TerraformStack",
    "Token",
]
