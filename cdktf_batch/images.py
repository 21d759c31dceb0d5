"""Container images: from a registry, from ECR, or built from a local directory.

``ContainerImage.from_asset`` builds a local Dockerfile and pushes it to ECR at apply.
cdktf copies the directory into the synthesized output as an asset (so the output is
portable and the path relative); its content hash is the image tag, so a change in the
directory gives a new tag (and a new job definition revision) and nothing else does. The
``kreuzwerker/docker`` provider builds and pushes the image, logged in to ECR with a
short-lived token from the ``aws_ecr_authorization_token`` data source.
"""

from __future__ import annotations

import abc
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, overload, runtime_checkable

from cdktf_batch._context import place, placed, placement
from cdktf_batch._engine import Construct, check_engine, engine_of
from cdktf_batch._naming import generated_name, remember_parent, stack_singleton
from cdktf_batch._validation import check_string, fail
from cdktf_batch.secrets import SecretSource, secrets_manager_source

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.provider import AwsProvider

__all__ = [
    "AssetImage",
    "AssetImageBuild",
    "ContainerImage",
    "EcrImage",
    "EcrRepository",
    "IEcrRepository",
    "ImageConfig",
    "RegistryImage",
]

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


@runtime_checkable
class IEcrRepository(Protocol):
    """An ECR repository: ``EcrRepository.from_repository_name`` or the provider's
    ``EcrRepository`` (resource or data source)."""

    @property
    def repository_url(self) -> str: ...

    @property
    def arn(self) -> str: ...


class ContainerImage(abc.ABC):
    """An image for a container. Use the factories."""

    @abc.abstractmethod
    def bind(self, scope: Construct) -> ImageConfig:
        """What the job definition needs of the image, for a container in ``scope``."""

    @staticmethod
    def from_registry(name: str, *, credentials: Any | None = None) -> RegistryImage:
        """An image from Docker Hub or another registry (``docker/whalesay``,
        ``public.ecr.aws/amazonlinux/amazonlinux:2023``). For a private registry give
        ``credentials``: a Secrets Manager secret holding ``username`` and ``password``.

        Raises:
            ValidationError: ``name`` empty; ``credentials`` as ``Secret.from_secrets_manager`` refuses it.
        """
        return RegistryImage(name, credentials=credentials)

    @staticmethod
    def from_ecr_repository(repository: IEcrRepository, tag: str = "latest") -> EcrImage:
        """An image in an ECR repository (see ``EcrImage``).

        Raises:
            ValidationError: ``repository`` that is not an ``EcrRepository`` (imported or the provider's); an
                empty ``tag``.
        """
        return EcrImage(repository, tag)

    @overload
    @staticmethod
    def from_asset(directory: str) -> AssetImage: ...

    @overload
    @staticmethod
    def from_asset(scope: Construct, id: str, directory: str) -> AssetImage: ...

    @staticmethod
    def from_asset(*args: Any, **kwargs: Any) -> AssetImage:
        """Build the Dockerfile in a directory and push it to a new ECR repository at
        ``terraform apply``: ``from_asset(directory)`` (the build is created in the first
        construct that uses the image, where its resources go) or ``from_asset(scope, id,
        directory)``, which also takes ``provider=`` and ``region=`` for the repository.

        Raises:
            ValidationError: arguments that are neither ``(directory)`` nor ``(scope, id, directory)``,
                ``provider`` or ``region`` without a scope; ``directory`` that is not a directory holding a
                Dockerfile; ``provider`` that is not an ``AwsProvider`` of the same stack, or ``region`` that
                is not a region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        where = {name: kwargs.pop(name) for name in ("provider", "region") if name in kwargs}
        given = len(args) + len(kwargs)
        names = ("directory",) if given == 1 else ("scope", "id", "directory")
        values = dict(zip(names, args, strict=False))
        if given not in (1, 3) or len(args) > len(names) or not kwargs.keys() <= set(names) - set(values):
            raise fail("from_asset", "takes (directory) or (scope, id, directory)", args, show_value=False)
        values.update(kwargs)
        if where and values.get("scope") is None:
            raise fail("from_asset", "takes provider and region only with a scope: (scope, id, directory)", where)
        return AssetImage(values["directory"], scope=values.get("scope"), construct_id=values.get("id"), **where)


class RegistryImage(ContainerImage):
    """An image referred to by name.

    Raises:
        ValidationError: ``image`` empty; ``credentials`` as ``Secret.from_secrets_manager`` refuses it.
    """

    def __init__(self, name: str, *, credentials: Any | None = None) -> None:
        check_string("image", name, pattern=_IMAGE, rule="must be an image name of up to 255 characters")
        self.name = name
        self.credentials = secrets_manager_source("image.credentials", credentials) if credentials is not None else None

    def bind(self, scope: Construct) -> ImageConfig:
        return ImageConfig(image_name=self.name, credentials=self.credentials)


class EcrImage(ContainerImage):
    """An image in ECR: ``repository`` is an ``EcrRepository.from_repository_name`` lookup or
    the provider's ``EcrRepository`` (resource or data source); ``tag`` a tag or a digest.

    Raises:
        ValidationError: ``repository`` that is not an ``EcrRepository`` (imported or the provider's); an
            empty ``tag``.
    """

    def __init__(self, repository: IEcrRepository, tag: str = "latest") -> None:
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
        # A digest is written after "@", also when its hex is a token ("sha256:${var.digest}").
        separator = "@" if isinstance(tag, str) and tag.startswith("sha256:") else ":"
        self.image_name = f"{url}{separator}{tag}"
        self.repository_arn = arn

    def bind(self, scope: Construct) -> ImageConfig:
        """What the job definition needs of the image, for a container in ``scope``.

        Raises:
            EngineMismatchError: ``scope`` of the other engine's app than the repository's.
        """
        check_engine(scope, "image.repository", self.repository)
        return ImageConfig(
            image_name=self.image_name,
            repository_arn=self.repository_arn,
            repository_key=("object", id(self.repository)),
        )


class EcrRepository(Construct):
    """An existing ECR repository, read with the ``aws_ecr_repository`` data source.

    Raises:
        ValidationError: ``repository_name`` empty; ``provider`` that is not an ``AwsProvider`` of the same
            stack, or ``region`` that is not a region code.
        EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        repository_name: str,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
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
    def from_repository_name(
        scope: Construct,
        construct_id: str,
        repository_name: str,
        *,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> EcrRepository:
        """An existing repository by name (of ``provider`` in ``region``).

        Raises:
            ValidationError: ``repository_name`` empty; ``provider`` that is not an ``AwsProvider`` of the
                same stack, or ``region`` that is not a region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        return EcrRepository(scope, construct_id, repository_name=repository_name, provider=provider, region=region)


def _render_repository_lookup(scope: Construct, name: str) -> Any:
    aws = placed(scope)

    return aws.DataAwsEcrRepository(scope, "Resource", name=name)


class AssetImage(ContainerImage):
    """An image built from ``directory`` (which holds a Dockerfile) at ``terraform apply``.

    Raises:
        ValidationError: ``directory`` that is not a directory holding a Dockerfile; ``provider`` that is not
            an ``AwsProvider`` of the same stack, or ``region`` that is not a region code.
        EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
    """

    def __init__(
        self,
        directory: str,
        *,
        scope: Construct | None = None,
        construct_id: str | None = None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        check_string("image.directory", directory)
        path = os.path.abspath(directory)
        if not os.path.isfile(os.path.join(path, "Dockerfile")):
            raise fail("image.directory", "must be a directory holding a Dockerfile", directory)
        self.directory = path
        self._bound: AssetImageBuild | None = None
        if scope is not None:
            self._bound = AssetImageBuild(
                scope, construct_id or "AssetImage", directory=path, provider=provider, region=region
            )

    @property
    def build(self) -> AssetImageBuild | None:
        """The build resources, once the image is used (or when created with a scope)."""
        return self._bound

    def bind(self, scope: Construct) -> ImageConfig:
        """What the job definition needs of the image; the first use creates the build resources
        under ``scope`` (unless the image was created with a scope of its own).

        Raises:
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        if self._bound is None:
            self._bound = AssetImageBuild(scope, "AssetImage", directory=self.directory)
        return ImageConfig(
            image_name=self._bound.image_name,
            repository_arn=self._bound.repository.arn,
            repository_key=("object", id(self._bound.repository)),
        )


class AssetImageBuild(Construct):
    """The ECR repository, image build and push behind an ``AssetImage``.

    Raises:
        ValidationError: ``provider`` that is not an ``AwsProvider`` of the same stack, or ``region`` that is
            not a region code.
        EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        directory: str,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        self.repository, self.asset, self.registry_image = _render_build(self, directory)

    @property
    def image_name(self) -> str:
        value: str = self.registry_image.name
        return value


def _render_build(scope: Construct, directory: str) -> tuple[Any, Any, Any]:
    engine = engine_of(scope)
    aws, core, docker = placed(scope), engine.core, engine.docker

    provider = _docker_provider(scope)
    asset = core.TerraformAsset(scope, "Context", path=directory, type=core.AssetType.DIRECTORY)
    repository = aws.EcrRepository(
        scope,
        "Repository",
        name=generated_name(scope, max_length=200).lower(),
        image_tag_mutability="IMMUTABLE",  # a tag is a content hash: it never moves
        image_scanning_configuration=aws.EcrRepositoryImageScanningConfiguration(scan_on_push=True),
        encryption_configuration=[aws.EcrRepositoryEncryptionConfiguration(encryption_type="KMS")],
        force_delete=True,  # destroy removes the images this stack pushed
    )
    image = docker.Image(
        scope,
        "Image",
        name=f"{repository.repository_url}:{asset.asset_hash}",
        build_attribute=docker.ImageBuild(context=asset.path),
        keep_locally=False,
        provider=provider,
    )
    pushed = docker.RegistryImage(scope, "Push", name=image.name, keep_remotely=True, provider=provider)
    return repository, asset, pushed


def _docker_provider(scope: Construct) -> Any:
    """One docker provider per stack and placement, logged in to the placement's ECR registry
    (aliased for a placement other than the default one)."""
    engine = engine_of(scope)
    aws, docker = placed(scope), engine.docker
    key = placement(scope).key

    def create(stack: Construct, construct_id: str) -> Any:
        token = aws.DataAwsEcrAuthorizationToken(stack, "cdktf-batch-ecr-token" + key)
        return docker.DockerProvider(
            stack,
            construct_id,
            alias=f"cdktf_batch_ecr{key.replace('-', '_')}" if key else None,
            registry_auth=[
                docker.DockerProviderRegistryAuth(
                    address=token.proxy_endpoint, username=token.user_name, password=token.password
                )
            ],
        )

    return stack_singleton(scope, "cdktf-batch-docker" + key, create)
