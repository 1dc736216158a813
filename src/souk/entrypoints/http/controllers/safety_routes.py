from __future__ import annotations

from souk.entrypoints.http.controllers.blocks import BlocksController

SAFETY_CONTROLLERS = [BlocksController]
