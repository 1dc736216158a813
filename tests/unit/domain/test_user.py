from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from souk.application.shared.ids import new_id
from souk.domain.accounts.notifications import default_settings
from souk.domain.accounts.user import Avatar, ProfileChanges, User
from souk.domain.accounts.values import SellerTier, Username
from souk.domain.shared.errors import InvalidInput
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.notifications import NotificationType

NOW = datetime(2026, 11, 21, 10, tzinfo=UTC)


def a_user() -> User:
    return User(new_id(), Username("amira"), "Amira", "hash", NOW, NOW)


def test_profile_update_changes_only_given_fields() -> None:
    user = a_user()
    later = NOW + timedelta(minutes=1)
    user.update_profile(ProfileChanges(bio="Vintage cameras", home=GeoPoint(48.85, 2.35)), later)
    assert user.bio == "Vintage cameras"
    assert user.home == GeoPoint(48.85, 2.35)
    assert user.display_name == "Amira"
    assert user.updated_at == later


def test_home_location_can_be_cleared() -> None:
    user = a_user()
    user.update_profile(ProfileChanges(home=GeoPoint(1, 2)), NOW)
    user.update_profile(ProfileChanges(clear_home=True), NOW)
    assert user.home is None


def test_notification_settings_merge_and_reject_unknown_kinds() -> None:
    user = a_user()
    user.update_profile(ProfileChanges(notification_settings={"new_follower": False}), NOW)
    assert user.wants(NotificationType.NEW_FOLLOWER.value) is False
    assert user.wants(NotificationType.NEW_MESSAGE.value) is True
    with pytest.raises(InvalidInput):
        user.update_profile(ProfileChanges(notification_settings={"spam": True}), NOW)
    assert set(user.notification_settings) == set(default_settings())


def test_avatar_is_an_uploaded_image_and_can_be_cleared() -> None:
    user = a_user()
    image = new_id()
    user.update_profile(ProfileChanges(avatar=Avatar(image, "https://cdn.example.com/media/a/1280.jpg")), NOW)
    assert (user.avatar_media_id, user.avatar_url) == (image, "https://cdn.example.com/media/a/1280.jpg")
    user.update_profile(ProfileChanges(bio="unchanged avatar"), NOW)
    assert user.avatar_media_id == image
    user.update_profile(ProfileChanges(clear_avatar=True), NOW)
    assert (user.avatar_media_id, user.avatar_url) == (None, None)


def test_bio_is_bounded() -> None:
    with pytest.raises(InvalidInput):
        a_user().update_profile(ProfileChanges(bio="x" * 501), NOW)


def test_new_users_are_free_tier_and_unverified() -> None:
    user = a_user()
    assert user.seller_tier is SellerTier.FREE
    assert user.phone_verified is False


@pytest.mark.parametrize(("lat", "lng"), [(91, 0), (-91, 0), (0, 181), (0, -181), (float("nan"), 0)])
def test_geo_points_are_validated(lat: float, lng: float) -> None:
    with pytest.raises(InvalidInput):
        GeoPoint(lat, lng)


def test_haversine_distance() -> None:
    paris, london = GeoPoint(48.8566, 2.3522), GeoPoint(51.5074, -0.1278)
    assert 340 < paris.distance_km(london) < 345
