"""Phone numbers as the carriers' gateways and the Zalo followers' table keep them."""

import re


def normalise_phone(phone: str | None) -> str | None:
    """A Vietnamese phone number in the international form carriers' gateways take (84…), or None if not one."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "84" + digits[1:]
    return digits if 10 <= len(digits) <= 13 and digits.startswith("84") else None
