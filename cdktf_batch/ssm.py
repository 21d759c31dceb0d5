"""SSM parameters referenced by name, without reading their values into Terraform state."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cdktf_batch import _context
from cdktf_batch._context import place
from cdktf_batch._engine import Construct, Fn
from cdktf_batch._naming import remember_parent
from cdktf_batch._validation import check_string, is_unresolved

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.provider import AwsProvider

__all__ = ["StringParameter"]

_PARAMETER_NAME = re.compile(r"/?[a-zA-Z0-9_.\-/]{1,2048}")


class StringParameter(Construct):
    """An existing SSM parameter, known by name.

    Unlike the ``aws_ssm_parameter`` data source, this reads nothing: its ARN is built from
    the partition, region and account of ``provider`` (default: the enclosing construct's, else
    the stack's default provider) and ``region``, so the parameter's value (a secret, often)
    never lands in Terraform state. Use it wherever a parameter is accepted.

    Raises:
        ValidationError: ``parameter_name`` empty; ``provider`` that is not an ``AwsProvider`` of the same
            stack, or ``region`` that is not a region code.
        EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        parameter_name: str,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        check_string(
            "parameter_name",
            parameter_name,
            pattern=_PARAMETER_NAME,
            rule="must be an SSM parameter name (letters, digits, . - _ and / for a path)",
        )
        self.parameter_name = parameter_name
        self.name = parameter_name
        # An ARN holds the path without its leading slash: parameter/a/b for "/a/b".
        path = Fn.trimprefix(parameter_name, "/") if is_unresolved(parameter_name) else parameter_name.lstrip("/")
        self.arn = (
            f"arn:{_context.partition(self)}:ssm:{_context.region(self)}:{_context.account_id(self)}:parameter/{path}"
        )

    @property
    def parameter_arn(self) -> str:
        return self.arn

    @staticmethod
    def from_string_parameter_name(
        scope: Construct,
        construct_id: str,
        string_parameter_name: str,
        *,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> StringParameter:
        """An existing parameter by name (``xyz`` or ``/path/to/xyz``), of ``provider`` in ``region``.

        Raises:
            ValidationError: ``parameter_name`` empty; ``provider`` that is not an ``AwsProvider`` of the same
                stack, or ``region`` that is not a region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        return StringParameter(
            scope, construct_id, parameter_name=string_parameter_name, provider=provider, region=region
        )
