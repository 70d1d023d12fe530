"""The Vietnamese message templates each audience starts with; the management agency edits them in the admin.

Migration alerts/0005 keeps its own frozen copy of these texts; load_demo creates them again (a row that exists is kept
as edited).
"""

from typing import Any

from delivery.models import MessageTemplate

EMAIL_SUBJECT = "[IOC Khánh Hòa] {{ subject }}"
EMAIL_BODY = """Kính gửi {{ recipient_name }},

Trung tâm Giám sát, điều hành thông minh tỉnh Khánh Hòa (IOC) thông báo:
{{ subject }}
{% if body %}
{{ body }}
{% endif %}
Cảnh báo số {{ alert_id }}: {{ title }}
Loại: {{ category }}; mức độ: {{ severity }}; quy trình: {{ procedure }}
Địa bàn: {{ units|default:"chưa xác định" }}
{% if lead_agency %}Cơ quan chủ trì xử lý: {{ lead_agency }}
{% endif %}Trạng thái: {{ state }}{% if deadline %}; hạn của bước hiện tại: {{ deadline }}{% endif %}
{% if resolution_deadline %}Hạn xử lý: {{ resolution_deadline }}
{% endif %}%(ask)s
Xem chi tiết: {{ link }}

Thư này do hệ thống IOC gửi tự động; vui lòng không trả lời thư này."""
SMS = "IOC Khánh Hòa: {{ subject }}{% if deadline %}. Hạn: {{ deadline }}{% endif %}. %(ask)s {{ link }}"
ZALO = """IOC Khánh Hòa thông báo
{{ subject }}
{% if body %}{{ body }}
{% endif %}Địa bàn: {{ units|default:"chưa xác định" }}
Trạng thái: {{ state }}{% if deadline %}; hạn: {{ deadline }}{% endif %}
%(ask)s
{{ link }}"""

# audience -> (channels, what the recipient is asked to do)
AUDIENCES = {
    "agency_focal": (("email", "sms", "zalo"), "Đề nghị đơn vị tiếp nhận và xử lý theo thời hạn quy định."),
    "agency_leader": (("email", "sms", "zalo"), "Đề nghị lãnh đạo đơn vị chỉ đạo xử lý kịp thời."),
    "operators": (("email",), "Đề nghị cán bộ vận hành IOC kiểm tra và xử lý bước tiếp theo."),
    "province_committee": (("email",), "Kính báo cáo UBND tỉnh."),
    "province_leadership": (("email", "sms", "zalo"), "Kính báo cáo lãnh đạo tỉnh."),
}


def create_defaults(template_model: Any = MessageTemplate) -> int:
    """Create the missing default templates (the model class may be a migration's historical one); return how many."""
    created = 0
    for audience, (channels, ask) in AUDIENCES.items():
        for channel in channels:
            subject, body = {"email": (EMAIL_SUBJECT, EMAIL_BODY), "sms": ("", SMS), "zalo": ("", ZALO)}[channel]
            _row, new = template_model.objects.get_or_create(
                audience=audience, channel=channel, defaults={"subject": subject, "body": body.replace("%(ask)s", ask)}
            )
            created += new
    return created
