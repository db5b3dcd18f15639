"""pytest-lsp drives the real `agendalint server` binary as Neovim, VS Code and Emacs
would, from the client capabilities pytest-lsp ships for each.

The binary is `$AGENDALINT_BIN`, else `target/debug/agendalint` of this repository
(`cargo build` makes it). Every wait is bounded by `TIMEOUT`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

REPO = Path(__file__).resolve().parents[2]
BINARY = os.environ.get("AGENDALINT_BIN") or str(
    REPO / "target" / "debug" / ("agendalint.exe" if sys.platform == "win32" else "agendalint")
)

#: How long any one wait may take, in seconds.
TIMEOUT = 30.0

#: Client profiles pytest-lsp ships: two that take pushed diagnostics (one of them
#: registers file watchers dynamically) and one that pulls them.
PROFILES = ["visual_studio_code@v1.65.2", "emacs@v29.1", "neovim@v0.11.0"]


class Client(LanguageClient):
    """pytest-lsp's client, keeping every publication (with its version) and every
    registration the server asks for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.publications: list[types.PublishDiagnosticsParams] = []
        self.registrations: list[types.Registration] = []
        self.profile = ""
        self.encoding = "utf-16"
        self.options: dict = {}

    @property
    def pulls(self) -> bool:
        """Whether this client pulls diagnostics."""
        text = self.capabilities.text_document if self.capabilities else None
        return bool(text and text.diagnostic)


def make_client() -> Client:
    client = Client(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: Client, params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.publications.append(params)

    def register(client: Client, params: types.RegistrationParams):
        client.registrations.extend(params.registrations)
        return None

    def unregister(client: Client, params: types.UnregistrationParams):
        return None

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    features[types.CLIENT_UNREGISTER_CAPABILITY] = unregister
    register_lsp_features(client, features)
    return client


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """A copy of `fixtures/notes`, free to change."""
    target = tmp_path / "notes"
    shutil.copytree(REPO / "fixtures" / "notes", target)
    return target


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[BINARY, "server"], client_factory=make_client),
    params=PROFILES,
)
async def client(lsp_client: Client, request):
    """A server started for one client profile; the test initializes it (with its own
    workspace and settings) through `start`. Shut down and exited at the end, and the
    process must exit with status 0."""
    lsp_client.profile = request.param
    yield
    if lsp_client.capabilities is not None:
        await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)
        assert lsp_client._server is not None
        assert lsp_client._server.returncode == 0


async def start(client: Client, root: Path, options: dict | None = None) -> types.InitializeResult:
    """Initializes the server for the workspace `root` with `options` as the client's
    profile would."""
    capabilities = pytest_lsp.client_capabilities(client.profile)
    client.options = options or {}
    client.set_configuration({"agendalint": client.options})
    params = types.InitializeParams(
        capabilities=capabilities,
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options,
    )
    result = await asyncio.wait_for(client.initialize_session(params), TIMEOUT)
    client.encoding = result.capabilities.position_encoding or "utf-16"
    return result
