"""Errors of the catalog, each with its stable code."""

from __future__ import annotations

from souk.domain.shared.errors import Conflict, Forbidden, InvalidInput, NotFound


class ProductNotFound(NotFound):
    code = "product_not_found"
    default_detail = "No such product."


class NotTheSeller(Forbidden):
    code = "not_the_seller"
    default_detail = "Only the seller may change this product."


class InvalidStatusTransition(Conflict):
    code = "invalid_status_transition"
    default_detail = "The product cannot move to that status from its current one."


class LocationRequired(Conflict):
    """Removing the location of a listing that the community feed finds by distance: the
    listing's state forbids it (a new community listing without one is a 400)."""

    code = "location_required"
    default_detail = "A community listing needs a location; it cannot be removed."


class PriceLocked(Conflict):
    code = "price_locked"
    default_detail = "The price cannot change while an offer is accepted."


class CurrencyLocked(Conflict):
    code = "currency_locked"
    default_detail = "The currency of a listing cannot change once it has had an offer."


class SaleInProgress(Conflict):
    code = "sale_in_progress"
    default_detail = "A sale of this product is open: complete or cancel it instead of marking it sold."


class ProductSold(Conflict):
    code = "product_sold"
    default_detail = "A sold product cannot be edited."


class UnknownCategory(InvalidInput):
    code = "unknown_category"
    default_detail = "No such category."


class InvalidCursor(InvalidInput):
    code = "invalid_cursor"
    default_detail = "The cursor is malformed, forged, or belongs to another query."


class InvalidCoordinates(InvalidInput):
    code = "invalid_coordinates"
    default_detail = "Coordinates must be finite, latitude within ±85 and longitude within ±180."


class InvalidRadius(InvalidInput):
    code = "invalid_radius"
    default_detail = "radius_km must be a finite number above 0 (it is then clamped to [1, 100])."


class UnknownSort(InvalidInput):
    code = "unknown_sort"
    default_detail = "sort is one of relevance, newest, price_asc, price_desc, distance."


class ProductTakenDown(Forbidden):
    code = "product_taken_down"
    default_detail = "Staff took this listing down; it cannot be put back on sale."


class CannotFollowSelf(Forbidden):
    """A rule about who asks, not a malformed request: 403, as an offer on one's own product."""

    code = "cannot_follow_self"
    default_detail = "You cannot follow yourself."


class SoldOut(Conflict):
    code = "sold_out"
    default_detail = "Not enough of this product is left in stock."
