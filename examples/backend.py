"""Where the example stacks keep their state: local files (the default), or Terraform Cloud /
Terraform Enterprise workspaces when configured.

Set these in the environment, or as cdktf context (``cdktf.json`` "context", or
``cdktf synth --context key=value`` style tooling):

- ``TFC_ORGANIZATION`` / context ``tfcOrganization``: turns the cloud backend on.
- ``TFC_WORKSPACE_PREFIX`` / ``tfcWorkspacePrefix``: one workspace per stack, named
  ``<prefix><stack>`` (default prefix ``cdktf-batch-``).
- ``TFC_WORKSPACE_TAGS`` / ``tfcWorkspaceTags``: comma-separated tags instead of names
  (the workspace is then chosen with ``TF_WORKSPACE``).
- ``TFC_HOSTNAME`` / ``tfcHostname``: a Terraform Enterprise host (default app.terraform.io).
"""

from __future__ import annotations

import os

from examples.engine import CloudBackend, NamedCloudWorkspace, TaggedCloudWorkspaces, TerraformStack


def _setting(stack: TerraformStack, env: str, context: str) -> str | None:
    value = os.environ.get(env)
    if value:
        return value
    found = stack.node.try_get_context(context)
    return str(found) if found else None


def configure_backend(stack: TerraformStack) -> CloudBackend | None:
    """A ``cloud`` block for ``stack`` when an organization is configured; else local state."""
    organization = _setting(stack, "TFC_ORGANIZATION", "tfcOrganization")
    if organization is None:
        return None
    tags = _setting(stack, "TFC_WORKSPACE_TAGS", "tfcWorkspaceTags")
    prefix = _setting(stack, "TFC_WORKSPACE_PREFIX", "tfcWorkspacePrefix") or "cdktf-batch-"
    workspaces = (
        TaggedCloudWorkspaces([tag.strip() for tag in tags.split(",") if tag.strip()])
        if tags
        else NamedCloudWorkspace(f"{prefix}{stack.node.id}")
    )
    return CloudBackend(
        stack,
        organization=organization,
        workspaces=workspaces,
        hostname=_setting(stack, "TFC_HOSTNAME", "tfcHostname") or "app.terraform.io",
    )
