"""Demo data of social listening: topic rules, an example feed (inactive), synthetic mentions, responses, a spike.

Every mention here is synthetic: generated from the templates below, marked is_synthetic, its title ending with
"(dữ liệu demo)" and its link on the demo host, which serves nothing. They go through the real intake, so sentiment,
topics and places are worked out as for real mentions; the last day's burst of negative mentions about flooding
makes the spike rule raise its alert. Running the loader again adds nothing (links are fixed).
"""

import datetime
from typing import TextIO

from django.utils import timezone

from accounts.models import User
from sectors.listening import intake, spikes
from sectors.listening.models import Feed, Mention, Response, Topic

DEMO_HOST = "https://demo-lang-nghe.ioc.khanhhoa.gov.vn"
MARK = " (dữ liệu demo)"
TOPICS = {
    "Sạt lở": "sạt lở\nlở đất\nđá lăn",
    "Ngập": "ngập\nngập lụt\nngập úng\nnước dâng",
    "Rác thải": "rác thải\nrác\nbãi rác\nxả thải",
    "Giá đất": "giá đất\nsốt đất\nđất nền\nthổi giá",
    "Du lịch": "du lịch\ndu khách\nlễ hội",
}
SOURCES = ("Báo Khánh Hòa", "VnExpress", "Tuổi Trẻ", "Thanh Niên", "Trang Facebook cộng đồng", "Nhóm Zalo khu phố")
# (title, excerpt): each used on several days with a different place, giving the chart its weeks.
TEMPLATES = (
    ("Sạt lở đất trên đường vào xã {unit}, người dân lo ngại", "Mưa lớn gây sạt lở, đá lăn xuống mặt đường."),
    ("Đường phố phường {unit} ngập sâu sau mưa, người dân bức xúc", "Nước ngập quá đầu gối, xe chết máy hàng loạt."),
    ("Rác thải tràn lan ven biển {unit}", "Bãi rác tự phát bốc mùi, chưa được xử lý."),
    ("Giá đất nền ở {unit} tăng vọt, nguy cơ sốt đất", "Nhiều lô đất bị thổi giá, người mua lo ngại."),
    ("Lễ hội biển thu hút du khách, {unit} sạch đẹp và thân thiện", "Du khách hài lòng với dịch vụ."),
    ("Khánh thành cầu mới tại xã {unit}, người dân vui mừng", "Công trình hoàn thành vượt kế hoạch."),
    ("Hội nghị triển khai kế hoạch năm 2027 tại {unit}", "Các sở, ngành báo cáo tình hình thực hiện."),
    ("Khắc phục kịp thời sự cố mất nước ở phường {unit}", "Nước sạch được cấp trở lại sau 6 giờ."),
)
PLACES = ("Khánh Vĩnh", "Nha Trang", "Cam Lâm", "Diên Khánh", "Bắc Nha Trang", "Suối Dầu", "Ninh Hòa", "Vạn Ninh",
          "Cam Ranh", "Khánh Sơn")  # fmt: skip
DETAILS = (  # two per mention, varied by day, so that stories of different days are not near-identical copies
    "Phóng viên ghi nhận tại hiện trường vào sáng sớm.",
    "Chính quyền địa phương đã cử cán bộ đến kiểm tra.",
    "Nhiều hộ dân cho biết tình trạng này đã kéo dài nhiều tháng.",
    "Bài viết được chia sẻ hàng trăm lượt.",
    "Lãnh đạo xã hứa sẽ báo cáo lên cấp trên trong tuần.",
    "Một số ý kiến đề nghị tăng cường kiểm tra.",
    "Video ghi lại cảnh tượng được đăng tải chiều qua.",
    "Cơ quan chức năng đang xác minh thông tin.",
    "Theo người dân, đây là lần thứ ba trong năm.",
    "Bình luận của cư dân mạng chia thành hai luồng ý kiến.",
    "Tòa soạn sẽ tiếp tục theo dõi diễn biến.",
    "Đoàn công tác của tỉnh làm việc với địa phương vào buổi chiều.",
    "Thông tin được một tài khoản cá nhân đăng trên mạng xã hội.",
    "Số liệu do ban quản lý khu phố cung cấp.",
)
DAYS = 20
BURST = (  # the last 24 hours: flooding, enough negative mentions to pass the baseline
    ("Ngập nặng tại phường Tây Nha Trang, nhiều tuyến đường tê liệt", "Người dân bức xúc vì ngập kéo dài."),
    ("Phường Nam Nha Trang ngập sâu, xe cộ chết máy", "Nước ngập gây thiệt hại cho nhiều hộ kinh doanh."),
    ("Khu dân cư phường Bắc Nha Trang lại ngập lụt", "Hệ thống thoát nước xuống cấp, người dân phản đối."),
    ("Ngập úng kéo dài ở phường Tây Nha Trang, trường học cho học sinh nghỉ", "Phụ huynh lo ngại."),
    ("Clip: nước ngập tràn vào nhà dân ở phường Nam Nha Trang", "Bài đăng thu hút nhiều bình luận bức xúc."),
    ("Người dân phường Bắc Nha Trang khiếu nại vì ngập lặp lại", "Chậm trễ nạo vét cống gây ngập."),
    ("Ngập lụt làm hư hỏng hàng hóa của tiểu thương phường Tây Nha Trang", "Thiệt hại ước tính hàng trăm triệu."),
)


def load(stdout: TextIO) -> None:
    """Create the topic rules, the example feed and the synthetic mentions that are missing; raise the demo spike."""
    topics = sum(
        Topic.objects.get_or_create(name=name, defaults={"keywords": words})[1] for name, words in TOPICS.items()
    )
    Feed.objects.get_or_create(
        url="https://baokhanhhoa.vn/rss/xa-hoi.rss",
        defaults={"name": "Báo Khánh Hòa — Xã hội (ví dụ, chưa bật)", "is_active": False},
    )
    now = timezone.now()
    created = 0
    for number, data in enumerate(_mentions(now)):
        if Mention.objects.filter(url=data.url).exists():
            continue
        mention, new = intake.record(data)
        created += new
        if new:
            _respond(mention, number)
    outcomes = spikes.check(now)
    raised = [topic for topic, outcome in outcomes.items() if outcome in ("raised", "updated")]
    stdout.write(f"listening: {topics} topics created, {created} synthetic mentions created, "
                 f"spike alerts for: {', '.join(raised) or 'none'}.\n")  # fmt: skip


def _mentions(now: datetime.datetime) -> list[intake.MentionData]:
    out: list[intake.MentionData] = []
    for day in range(1, DAYS + 1):
        for slot, (title, excerpt) in enumerate(TEMPLATES):
            if (day + slot) % 3 == 0:
                continue  # not every story every day
            place = PLACES[(day * 3 + slot) % len(PLACES)]
            details = f"{DETAILS[(day * 5 + slot) % len(DETAILS)]} {DETAILS[(day * 3 + slot * 7 + 1) % len(DETAILS)]}"
            at = now - datetime.timedelta(days=day, hours=slot)
            out.append(_data(len(out), title.format(unit=place), f"{excerpt} {details}", at))
    for hours, (title, excerpt) in enumerate(BURST, start=1):
        out.append(_data(len(out), title, excerpt, now - datetime.timedelta(hours=hours * 2)))
    return out


def _data(number: int, title: str, excerpt: str, at: datetime.datetime) -> intake.MentionData:
    return intake.MentionData(
        channel=intake.Mention.Channel.VENDOR if number % 4 else intake.Mention.Channel.FEED,
        source=SOURCES[number % len(SOURCES)], url=f"{DEMO_HOST}/tin/{number}", title=title + MARK,
        excerpt=excerpt, published_at=at, is_synthetic=True,
    )  # fmt: skip


def _respond(mention: Mention, number: int) -> None:
    """Answer most older negative mentions, some late, so the indicator and the awaiting list have something."""
    if mention.sentiment != "negative" or mention.published_at > timezone.now() - datetime.timedelta(days=2):
        return
    if number % 5 == 0:
        return  # left unanswered
    delay = datetime.timedelta(hours=30 if number % 7 == 0 else 2 + number % 12)
    Response.objects.create(
        mention=mention, responder="Sở Văn hóa, Thể thao và Du lịch", answered_at=mention.published_at + delay,
        where=Response.Where.PORTAL if number % 2 else Response.Where.SOCIAL,
        recorded_by=User.objects.filter(username="demo-press").first(),
        note="Phản hồi mẫu (dữ liệu demo).",
    )  # fmt: skip
