"""`reader serve`: the page is served on 127.0.0.1 and its websocket runs the reader."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from reader.cli.serve_command import app_command, serve_parser
from tests.records import write_record


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_help_warns_that_another_address_exposes_the_reader() -> None:
    text = " ".join(serve_parser().format_help().split())
    assert "exposes the reader" in text and "default 127.0.0.1" in text
    assert serve_parser().parse_args([]).host == "127.0.0.1"


def test_the_app_command_quotes_every_path(tmp_path) -> None:
    hostile = tmp_path / "a; touch pwned $(id)"
    assert app_command([str(hostile)]).endswith("'" + str(hostile) + "'")


async def _get_page(base: str, session: aiohttp.ClientSession) -> str:
    for _ in range(300):  # the server takes a moment to bind: a refused connection is tried again
        try:
            async with session.get(base + "/") as response:
                assert response.status == 200
                return await response.text()
        except aiohttp.ClientConnectorError:
            await asyncio.sleep(0.1)
    raise AssertionError("the server never answered")


async def _pong_and_screen(websocket: aiohttp.ClientWebSocketResponse, wanted: bytes) -> None:
    """Read the websocket until the ping is answered and the reader has drawn `wanted`."""
    screen = b""
    pong = False
    while not (pong and wanted in screen):
        message = await websocket.receive()
        if message.type == aiohttp.WSMsgType.TEXT:
            pong = pong or message.json() == ["pong", "are you there"]
        elif message.type == aiohttp.WSMsgType.BINARY:
            screen += message.data
        else:
            pytest.fail(f"the websocket closed: {message.type}")


async def test_the_page_and_its_websocket_answer(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    write_record(folder / "a.md", title="Served headline", date="2020-01-05T10:00:00Z")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", "--port", str(port), str(folder)],
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            page = await _get_page(base, session)
            assert "/ws" in page or "websocket" in page.lower()
            async with session.ws_connect(f"{base}/ws?width=100&height=30") as websocket:
                await websocket.send_json(["ping", "are you there"])
                await asyncio.wait_for(_pong_and_screen(websocket, b"Served headline"), 60)
    finally:
        server.terminate()
        server.wait(10)
