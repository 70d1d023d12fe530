"""The registry of channels: name -> dotted path of a delivery.channels.Channel subclass; a new channel is a new entry.

Kept apart from the channels themselves so that the models can check a template's channel name without loading them.
"""

CHANNELS: dict[str, str] = {
    "email": "delivery.channels.EmailChannel",
    "sms": "delivery.channels.SmsGatewayChannel",
    "zalo": "delivery.channels.ZaloChannel",
    "webhook": "delivery.channels.WebhookChannel",
}
# Channels that send a MessageTemplate's text to people; webhooks send the notice as JSON to systems.
TEMPLATED_CHANNELS = ("email", "sms", "zalo")
