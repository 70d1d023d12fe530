"""Signals accounts sends for the apps above to record (audit writes them to its log), each with request and user."""

from django.dispatch import Signal

# A person confirmed an authenticator app with its first code.
two_factor_enrolled = Signal()
# A typed two-factor code was refused (wrong, expired, or while sign-in waits after failures).
two_factor_failed = Signal()
