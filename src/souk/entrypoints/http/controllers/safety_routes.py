from __future__ import annotations

from souk.entrypoints.http.controllers.admin import AdminController
from souk.entrypoints.http.controllers.blocks import BlocksController
from souk.entrypoints.http.controllers.reports import ReportsController

SAFETY_CONTROLLERS = [BlocksController, ReportsController, AdminController]
