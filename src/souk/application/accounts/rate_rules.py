"""How often each auth action may be tried. One place; tests and operators tune it here."""

from __future__ import annotations

from dataclasses import dataclass, field

from souk.application.ports.rate_limiter import RateRule


@dataclass(frozen=True, slots=True)
class AuthRateRules:
    login_per_ip: RateRule = field(default_factory=lambda: RateRule("login_ip", 30, 60))
    login_failures_per_account: RateRule = field(default_factory=lambda: RateRule("login_fail_account", 10, 15 * 60))
    register_per_ip: RateRule = field(default_factory=lambda: RateRule("register_ip", 20, 3600))
    otp_send_per_phone: RateRule = field(default_factory=lambda: RateRule("otp_phone_min", 1, 60))
    otp_send_per_phone_hourly: RateRule = field(default_factory=lambda: RateRule("otp_phone_hour", 5, 3600))
    otp_send_per_ip: RateRule = field(default_factory=lambda: RateRule("otp_ip", 20, 3600))
    otp_verify_per_ip: RateRule = field(default_factory=lambda: RateRule("otp_verify_ip", 60, 600))

    def scaled(self, factor: int) -> AuthRateRules:
        """The same windows with ``factor`` times the budget (load tests, local demos)."""
        return AuthRateRules(
            **{
                name: RateRule(rule.name, rule.amount * factor, rule.seconds)
                for name, rule in ((n, getattr(self, n)) for n in self.__dataclass_fields__)
            }
        )
