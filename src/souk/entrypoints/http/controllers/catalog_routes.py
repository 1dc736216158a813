"""The catalog's controllers, registered in one line of the app factory."""

from __future__ import annotations

from souk.entrypoints.http.controllers.catalog import CategoriesController, FeedsController
from souk.entrypoints.http.controllers.follows import FollowsController
from souk.entrypoints.http.controllers.products import ProductsController

CATALOG_CONTROLLERS = [ProductsController, FeedsController, CategoriesController, FollowsController]
