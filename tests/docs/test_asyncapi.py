"""The AsyncAPI document of ``/ws`` is valid AsyncAPI 3.0, covers every frame type of
the wire contract, and says which ones the gateway serves."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from souk.entrypoints.ws.asyncapi import document
from souk.entrypoints.ws.endpoint import HANDLERS  # the gateway: importing it registers every handler
from souk.entrypoints.ws.frame_catalogue import FRAMES

# The official JSON schema of AsyncAPI 3.0.0, from the npm package @asyncapi/specs
# (see asyncapi/VERSION), vendored so the test runs offline.
ASYNCAPI_SCHEMA = Path(__file__).with_name("asyncapi") / "asyncapi-3.0.0.schema.json"

# The frame types of the wire contract's WebSocket section (API.md, "WebSocket — GET /ws").
CLIENT_FRAMES = {
    "heartbeat", "conversation:join", "conversation:leave", "message:send", "typing:start", "typing:stop",
    "message:read", "offer:create", "offer:respond", "offer:feed:subscribe", "offer:feed:unsubscribe",
    "stream:prepare", "stream:join", "stream:leave", "stream:chat", "stream:reaction", "stream:product:click",
    "sync", "auth", "stream:buy", "auction:bid", "giveaway:enter", "stream:chat:delete", "stream:timeout",
    "stream:ban", "stream:chat:pin",
}  # fmt: skip
SERVER_FRAMES = {
    "connected", "pong", "ack", "error", "message:new", "message:delivered", "message:read", "messages:read",
    "typing:active", "typing:inactive", "user:online", "user:offline", "offer:new", "offer:updated",
    "offer:created", "offer:feed:history", "offer:feed:new", "stream:live", "stream:ended", "stream:viewers",
    "stream:chat:new", "stream:reaction:new", "stream:product:tagged", "stream:product:featured",
    "notification:new", "stream:removed", "stream:chat:deleted", "stream:chat:pinned", "stream:tip",
    "stream:product:sold", "auction:started", "auction:bid", "auction:extended", "auction:ended",
    "flash_sale:started", "flash_sale:ended", "giveaway:started", "giveaway:ended", "transaction:updated",
}  # fmt: skip


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(ASYNCAPI_SCHEMA.read_text()))


def _messages(doc: dict[str, Any], direction: str) -> dict[str, dict[str, Any]]:
    return {m["name"]: m for key, m in doc["components"]["messages"].items() if key.startswith(f"{direction}.")}


def test_the_document_is_valid_asyncapi_3(validator: jsonschema.Draft7Validator) -> None:
    doc = document()
    assert doc["asyncapi"] == "3.0.0"
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(doc)]
    assert errors == []


def test_the_validation_would_catch_a_broken_document(validator: jsonschema.Draft7Validator) -> None:
    broken = copy.deepcopy(document())
    next(iter(broken["operations"].values()))["action"] = "publish"  # AsyncAPI 2's word, not 3's
    assert not validator.is_valid(broken)
    broken = copy.deepcopy(document())
    next(iter(broken["components"]["messages"].values()))["payload"]["type"] = "objet"
    assert not validator.is_valid(broken)


def test_every_frame_type_of_the_contract_is_documented() -> None:
    doc = document()
    assert set(_messages(doc, "client")) == CLIENT_FRAMES
    assert set(_messages(doc, "server")) == SERVER_FRAMES
    channel_messages = set(doc["channels"]["gateway"]["messages"])
    assert channel_messages == set(doc["components"]["messages"])


def test_served_frames_are_the_handled_ones_and_the_rest_say_planned() -> None:
    """A client frame is documented as served exactly when the gateway has a handler for
    it; a new handler without a catalogue entry (or a planned frame that got one) fails."""
    served = {f.name for f in FRAMES if f.direction == "client" and not f.planned}
    assert served == set(HANDLERS)
    for name, message in _messages(document(), "client").items():
        assert message.get("x-souk-planned", False) == (name not in HANDLERS), name


def test_payloads_carry_the_data_schema_generated_from_the_structs() -> None:
    doc = document()
    send = _messages(doc, "client")["message:send"]
    assert send["payload"]["properties"]["data"] == {"$ref": "#/components/schemas/SendIn"}
    send_in = doc["components"]["schemas"]["SendIn"]
    assert set(send_in["properties"]) == {"conversation_id", "message_type", "content", "image_urls"}
    assert send_in["additionalProperties"] is False  # the handler refuses unknown fields
    assert _messages(doc, "server")["message:new"]["payload"]["properties"]["data"] == {
        "$ref": "#/components/schemas/MessageOut"
    }
    for name, schema in doc["components"]["schemas"].items():
        assert schema.get("description"), name
    for operation in doc["operations"].values():
        if operation["action"] == "receive":
            assert {m["$ref"].rsplit("/", 1)[-1] for m in operation["reply"]["messages"]} == {
                "server.ack",
                "server.error",
            }
