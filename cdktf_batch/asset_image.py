"""``ContainerImage.from_asset``: build a local Dockerfile and push it to ECR at apply.

cdktf copies the directory into the synthesized output as an asset (so the output is
portable and the path relative); its content hash is the image tag, so a change in the
directory gives a new tag (and a new job definition revision) and nothing else does. The
``kreuzwerker/docker`` provider builds and pushes the image, logged in to ECR with a
short-lived token from the ``aws_ecr_authorization_token`` data source.
"""

from __future__ import annotations

import os
from typing import Any

from cdktf_batch._cdktf import Construct
from cdktf_batch._naming import generated_name, remember_parent, stack_singleton
from cdktf_batch._validation import check_string, fail
from cdktf_batch.images import ContainerImage, ImageConfig

__all__ = ["AssetImage"]


class AssetImage(ContainerImage):
    """An image built from ``directory`` (which holds a Dockerfile) at ``terraform apply``."""

    def __init__(self, directory: str, *, scope: Construct | None = None, construct_id: str | None = None) -> None:
        check_string("image.directory", directory)
        path = os.path.abspath(directory)
        if not os.path.isfile(os.path.join(path, "Dockerfile")):
            raise fail("image.directory", "must be a directory holding a Dockerfile", directory)
        self.directory = path
        self._bound: AssetImageBuild | None = None
        if scope is not None:
            self._bound = AssetImageBuild(scope, construct_id or "AssetImage", directory=path)

    @staticmethod
    def create(*args: Any, **kwargs: Any) -> AssetImage:
        """``(directory)`` or ``(scope, id, directory)``."""
        if len(args) == 1 and not kwargs:
            return AssetImage(args[0])
        if len(args) == 3 and not kwargs:
            return AssetImage(args[2], scope=args[0], construct_id=args[1])
        if "directory" in kwargs:
            return AssetImage(kwargs["directory"], scope=kwargs.get("scope"), construct_id=kwargs.get("id"))
        raise fail("from_asset", "takes (directory) or (scope, id, directory)", args, show_value=False)

    @property
    def build(self) -> AssetImageBuild | None:
        """The build resources, once the image is used (or when created with a scope)."""
        return self._bound

    def bind(self, scope: Construct) -> ImageConfig:
        if self._bound is None:
            self._bound = AssetImageBuild(scope, "AssetImage", directory=self.directory)
        return ImageConfig(
            image_name=self._bound.image_name,
            repository_arn=self._bound.repository.arn,
            repository_key=("object", id(self._bound.repository)),
        )


class AssetImageBuild(Construct):
    """The ECR repository, image build and push behind an ``AssetImage``."""

    def __init__(self, scope: Construct, construct_id: str, *, directory: str) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        self.repository, self.asset, self.registry_image = _render_build(self, directory)

    @property
    def image_name(self) -> str:
        value: str = self.registry_image.name
        return value


def _render_build(scope: Construct, directory: str) -> tuple[Any, Any, Any]:
    from cdktf import AssetType, TerraformAsset
    from cdktf_cdktf_provider_aws.ecr_repository import (
        EcrRepository,
        EcrRepositoryEncryptionConfiguration,
        EcrRepositoryImageScanningConfiguration,
    )
    from cdktf_cdktf_provider_docker.image import Image, ImageBuild
    from cdktf_cdktf_provider_docker.registry_image import RegistryImage

    provider = _docker_provider(scope)
    asset = TerraformAsset(scope, "Context", path=directory, type=AssetType.DIRECTORY)
    repository = EcrRepository(
        scope,
        "Repository",
        name=generated_name(scope, max_length=200).lower(),
        image_tag_mutability="IMMUTABLE",  # a tag is a content hash: it never moves
        image_scanning_configuration=EcrRepositoryImageScanningConfiguration(scan_on_push=True),
        encryption_configuration=[EcrRepositoryEncryptionConfiguration(encryption_type="KMS")],
        force_delete=True,  # destroy removes the images this stack pushed
    )
    image = Image(
        scope,
        "Image",
        name=f"{repository.repository_url}:{asset.asset_hash}",
        build_attribute=ImageBuild(context=asset.path),
        keep_locally=False,
        provider=provider,
    )
    pushed = RegistryImage(scope, "Push", name=image.name, keep_remotely=True, provider=provider)
    return repository, asset, pushed


def _docker_provider(scope: Construct) -> Any:
    """One docker provider per stack, logged in to the account's ECR registry."""
    from cdktf_cdktf_provider_aws.data_aws_ecr_authorization_token import DataAwsEcrAuthorizationToken
    from cdktf_cdktf_provider_docker.provider import DockerProvider, DockerProviderRegistryAuth

    def create(stack: Construct, construct_id: str) -> Any:
        token = DataAwsEcrAuthorizationToken(stack, "cdktf-batch-ecr-token")
        return DockerProvider(
            stack,
            construct_id,
            registry_auth=[
                DockerProviderRegistryAuth(
                    address=token.proxy_endpoint, username=token.user_name, password=token.password
                )
            ],
        )

    return stack_singleton(scope, "cdktf-batch-docker", create)
