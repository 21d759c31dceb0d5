"""Container images: from a registry, from ECR, or built from a local directory."""

from __future__ import annotations

import abc
import re
from dataclasses import dataclass
from typing import Any

from cdktf_batch._cdktf import Construct
from cdktf_batch._naming import remember_parent
from cdktf_batch._validation import check_string, fail, is_unresolved
from cdktf_batch.secrets import SecretSource, secrets_manager_source

__all__ = ["ContainerImage", "EcrImage", "EcrRepository", "ImageConfig", "RegistryImage"]

_IMAGE = re.compile(r"[\w][\w.:/@\-]{0,254}")
_TAG = re.compile(r"[\w][\w.-]{0,127}|sha256:[0-9a-f]{64}")


@dataclass(frozen=True, kw_only=True, slots=True)
class ImageConfig:
    """What a job definition needs of an image."""

    image_name: str
    repository_arn: str | None = None
    """An ECR repository the execution role must be able to pull from."""
    repository_key: Any = None
    """What identifies that repository (tokens of one resource differ from access to access)."""
    credentials: SecretSource | None = None
    """A Secrets Manager secret with registry credentials (private registries)."""


class ContainerImage(abc.ABC):
    """An image for a container. Use the factories."""

    @abc.abstractmethod
    def bind(self, scope: Construct) -> ImageConfig:
        """What the job definition needs of the image, for a container in ``scope``."""

    @staticmethod
    def from_registry(name: str, *, credentials: Any | None = None) -> RegistryImage:
        """An image from Docker Hub or another registry (``docker/whalesay``,
        ``public.ecr.aws/amazonlinux/amazonlinux:2023``). For a private registry give
        ``credentials``: a Secrets Manager secret holding ``username`` and ``password``."""
        return RegistryImage(name, credentials=credentials)

    @staticmethod
    def from_ecr_repository(repository: Any, tag: str = "latest") -> EcrImage:
        """An image in an ECR repository (see ``EcrImage``)."""
        return EcrImage(repository, tag)

    @staticmethod
    def from_asset(*args: Any, **kwargs: Any) -> Any:
        """Build the Dockerfile in a directory and push it to a new ECR repository at
        ``terraform apply``: ``from_asset(directory)`` or ``from_asset(scope, id, directory)``."""
        from cdktf_batch.asset_image import AssetImage

        return AssetImage.create(*args, **kwargs)


class RegistryImage(ContainerImage):
    """An image referred to by name."""

    def __init__(self, name: str, *, credentials: Any | None = None) -> None:
        check_string("image", name, pattern=_IMAGE, rule="must be an image name of up to 255 characters")
        self.name = name
        self.credentials = secrets_manager_source("image.credentials", credentials) if credentials is not None else None

    def bind(self, scope: Construct) -> ImageConfig:
        return ImageConfig(image_name=self.name, credentials=self.credentials)


class EcrImage(ContainerImage):
    """An image in ECR: ``repository`` is an ``EcrRepository.from_repository_name`` lookup or
    the provider's ``EcrRepository`` (resource or data source); ``tag`` a tag or a digest."""

    def __init__(self, repository: Any, tag: str = "latest") -> None:
        url = getattr(repository, "repository_url", None)
        arn = getattr(repository, "arn", None)
        if not isinstance(url, str) or not isinstance(arn, str):
            raise fail(
                "image.repository",
                "must be an EcrRepository (EcrRepository.from_repository_name or the provider's EcrRepository)",
                type(repository).__name__,
            )
        check_string("image.tag", tag, pattern=_TAG, rule="must be an image tag or a sha256 digest")
        self.repository = repository
        self.tag = tag
        separator = "@" if not is_unresolved(tag) and tag.startswith("sha256:") else ":"
        self.image_name = f"{url}{separator}{tag}"
        self.repository_arn = arn

    def bind(self, scope: Construct) -> ImageConfig:
        return ImageConfig(
            image_name=self.image_name,
            repository_arn=self.repository_arn,
            repository_key=("object", id(self.repository)),
        )


class EcrRepository(Construct):
    """An existing ECR repository, read with the ``aws_ecr_repository`` data source."""

    def __init__(self, scope: Construct, construct_id: str, *, repository_name: str) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        check_string(
            "repository_name",
            repository_name,
            pattern=re.compile(r"(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*"),
            rule="must be an ECR repository name (lower-case letters, digits, . _ - and /)",
        )
        self.resource = _render_repository_lookup(self, repository_name)
        self.repository_name = repository_name

    @property
    def repository_url(self) -> str:
        value: str = self.resource.repository_url
        return value

    @property
    def arn(self) -> str:
        value: str = self.resource.arn
        return value

    @property
    def repository_arn(self) -> str:
        return self.arn

    @staticmethod
    def from_repository_name(scope: Construct, construct_id: str, repository_name: str) -> EcrRepository:
        return EcrRepository(scope, construct_id, repository_name=repository_name)


def _render_repository_lookup(scope: Construct, name: str) -> Any:
    from cdktf_cdktf_provider_aws.data_aws_ecr_repository import DataAwsEcrRepository

    return DataAwsEcrRepository(scope, "Resource", name=name)
