"""How often each auth action may be tried. One place; tests and operators tune it here.

Login follows OWASP's authentication cheat sheet without account lockout: wrong passwords
stop the *address* that sends them (per account+address bucket), and for the account as a
whole they only add a growing delay before each further attempt, so an attacker spread
over many addresses is slowed down and the owner, from their own address, still gets in."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from souk.application.ports.rate_limiter import RateRule


@dataclass(frozen=True, slots=True)
class AuthRateRules:
    login_per_ip: RateRule = field(default_factory=lambda: RateRule("login_ip", 30, 60))
    login_failures_per_account_ip: RateRule = field(
        default_factory=lambda: RateRule("login_fail_account_ip", 10, 15 * 60)
    )
    # Counts every wrong password for the account, from anywhere; never refuses (the amount is
    # only where counting stops), it sets the delay below.
    login_failures_per_account: RateRule = field(default_factory=lambda: RateRule("login_fail_account", 1000, 15 * 60))
    register_per_ip: RateRule = field(default_factory=lambda: RateRule("register_ip", 20, 3600))
    otp_send_per_phone: RateRule = field(default_factory=lambda: RateRule("otp_phone_min", 1, 60))
    otp_send_per_phone_hourly: RateRule = field(default_factory=lambda: RateRule("otp_phone_hour", 5, 3600))
    otp_send_per_ip: RateRule = field(default_factory=lambda: RateRule("otp_ip", 20, 3600))
    otp_verify_per_ip: RateRule = field(default_factory=lambda: RateRule("otp_verify_ip", 60, 600))
    # wrong current passwords when changing it (or proving it), per account: a stolen access token
    # must not become a fast password oracle
    password_checks_per_account: RateRule = field(
        default_factory=lambda: RateRule("password_check_account", 10, 15 * 60)
    )
    email_send_per_address: RateRule = field(default_factory=lambda: RateRule("email_address_min", 1, 60))
    email_send_per_address_hourly: RateRule = field(default_factory=lambda: RateRule("email_address_hour", 5, 3600))
    # wrong two-factor codes per account (a million TOTP codes: 10 tries per 15 min make guessing hopeless)
    mfa_failures_per_account: RateRule = field(default_factory=lambda: RateRule("mfa_fail_account", 10, 15 * 60))
    login_free_failures: int = 10
    login_first_delay_s: float = 0.25
    login_max_delay_s: float = 5.0

    def login_delay_s(self, account_failures: int) -> float:
        """The wait before checking a password for an account with this many recent wrong
        ones: none for the first few, then doubling (0.25 s, 0.5 s, 1 s, ...) up to a cap."""
        over = account_failures - self.login_free_failures
        if over < 0:
            return 0.0
        return min(self.login_first_delay_s * 2.0 ** min(over, 32), self.login_max_delay_s)

    def scaled(self, factor: int) -> AuthRateRules:
        """The same windows with ``factor`` times the budget (load tests, local demos)."""
        budgets: dict[str, object] = {
            f.name: RateRule(rule.name, rule.amount * factor, rule.seconds)
            for f in fields(self)
            if isinstance(rule := getattr(self, f.name), RateRule)
        }
        budgets["login_free_failures"] = self.login_free_failures * factor
        return replace(self, **budgets)  # type: ignore[arg-type]
