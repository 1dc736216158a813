"""The social layer's controllers, registered in one line of the app factory."""

from __future__ import annotations

from souk.entrypoints.http.controllers.notifications import NotificationsController
from souk.entrypoints.http.controllers.push_tokens import PushTokensController
from souk.entrypoints.http.controllers.social import SocialController

SOCIAL_CONTROLLERS = [SocialController, NotificationsController, PushTokensController]
