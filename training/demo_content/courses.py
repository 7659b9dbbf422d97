# ruff: noqa: E501  -- lesson text reads better unbroken than split at 88 columns
"""Demo courses, lessons and learning paths (Chinese first, English titles/summaries).

Pure data in the shape notes/training_content_contract.md describes; the training app's
``demo.py`` turns it into Wagtail pages. "Try it" targets come from ``layout`` — the
same rectangles ``images`` draws the tappable elements at.

Steps are written for common Android phones (华为/荣耀、小米、OPPO、vivo); where an
iPhone differs, the hint says so.
"""

from __future__ import annotations

from . import layout as L

SKILL_AREAS: list[tuple[str, str, str]] = [
    ("smartphone", "智能手机基础", "Smartphone basics"),
    ("online-services", "网上办事", "Online services"),
    ("anti-fraud", "防范诈骗", "Fraud prevention"),
    ("health-travel", "就医出行", "Health care and travel"),
    ("data-analysis", "数据分析", "Data analysis"),
    ("programming", "程序设计", "Programming"),
    ("digital-governance", "数字治理平台", "Digital governance platforms"),
]


# ---------------------------------------------------------------- block helpers
def text(html: str) -> dict:
    return {"type": "rich_text", "value": html}


def step(
    title: str,
    image: str,
    alt: str,
    instruction: str,
    hint: str = "",
    mistake: str = "",
    spoken: str = "",
) -> dict:
    return {
        "type": "guided_step",
        "value": {
            "title": title,
            "image": image,
            "image_alt": alt,
            "instruction": instruction,
            "spoken_text": spoken,
            "hint": hint,
            "common_mistake": mistake,
        },
    }


def target(rect: L.Rect, label: str, size: tuple[int, int] = L.PHONE) -> dict:
    return L.pct(rect, size, label)


def try_it(
    image: str, alt: str, instruction: str, hint: str, success: str, *targets: dict
) -> dict:
    return {
        "type": "try_it",
        "value": {
            "image": image,
            "image_alt": alt,
            "instruction": instruction,
            "hint": hint,
            "success": success,
            "targets": list(targets),
        },
    }


def check(question: str, choices: list[tuple[str, bool]], explanation: str) -> dict:
    return {
        "type": "knowledge_check",
        "value": {
            "question": question,
            "choices": [{"text": t, "correct": ok} for t, ok in choices],
            "explanation": explanation,
        },
    }


def tip(s: str) -> dict:
    return {"type": "callout", "value": {"kind": "tip", "text": s}}


def warning(s: str) -> dict:
    return {"type": "callout", "value": {"kind": "warning", "text": s}}


def fraud(s: str) -> dict:
    return {"type": "callout", "value": {"kind": "fraud", "text": s}}


# ================================================================ resident courses
SMARTPHONE_BASICS = {
    "slug": "smartphone-basics",
    "title": "智能手机基础",
    "title_en": "Smartphone basics",
    "summary": "把手机的字调大、把声音调响、连上家里的无线网，再打开适合长辈的简易模式。一步一步来，不着急。",
    "summary_en": "Make the text bigger, turn the sound up, connect to the home Wi-Fi and switch on the simple mode for elders — one step at a time.",
    "audience": "residents",
    "skill_area": "smartphone",
    "level": 1,
    "minutes": 30,
    "outcomes": [
        "会把手机的字调大",
        "会用侧面按键和设置调音量",
        "会连接家里的无线网（WLAN）",
        "知道怎样打开简易模式（长辈模式）",
    ],
    "cover": "cover-smartphone",
    "cover_alt": "蓝色封面：一部手机，屏幕上写着大大的“A”和“大字”，下面是无线网图标。",
    "prerequisites": [],
    "lessons": [
        {
            "slug": "text-size",
            "title": "把手机的字变大",
            "title_en": "Make the text bigger",
            "minutes": 8,
            "blocks": [
                text(
                    "<p>字太小看着累？手机的字可以调大。我们一起来，一次只做一步。</p>"
                ),
                step(
                    "打开“设置”",
                    "phone-home-settings",
                    "手机桌面，灰色齿轮图标“设置”被框出来，箭头旁写着“点这里”。",
                    "在桌面上找到灰色齿轮“设置”，点一下。",
                    hint="找不到？左右滑动桌面翻一翻。设置的图标一般是灰色的齿轮。",
                    mistake="不要点“应用商店”，那是下载软件的地方。",
                ),
                step(
                    "打开“显示和亮度”",
                    "phone-settings-display",
                    "设置列表，“显示和亮度”这一行被框出来，写着“点这里”。",
                    "往下找到“显示和亮度”，点一下。",
                    hint="华为叫“显示和亮度”，OPPO、vivo叫“显示与亮度”，小米叫“显示”，苹果手机叫“显示与亮度”。",
                ),
                step(
                    "打开“字体大小”",
                    "phone-display",
                    "显示和亮度页面，“字体大小”这一行被框出来。",
                    "点“字体大小”。",
                    hint="各品牌名字略有不同，比如“字体与显示大小”。带“字体”两个字的就是。苹果手机点“文字大小”。",
                ),
                step(
                    "把圆点往右拖",
                    "phone-font-size",
                    "字体大小页面，下方有一条带刻度的横条，右边的刻度被框出来，写着“往右拖，字变大”。",
                    "按住圆点往右拖，字就变大。",
                    hint="拖不动？直接点一下右边的刻度也可以。",
                    mistake="不要拖得太猛。拖到最右边如果有的字显示不全，往回拖一格就好。",
                ),
                step(
                    "看看预览",
                    "phone-font-size-large",
                    "字体大小页面，预览里的字已经变大了。",
                    "看上面的预览，字清楚了就停下。",
                    hint="每拖一格，预览里的字就变一次，可以多试几次。",
                ),
                step(
                    "返回",
                    "phone-font-size-large",
                    "字体大小页面，左上角有一个返回箭头“<”。",
                    "点左上角的“<”返回，设置会自动保存。",
                    hint="也可以按手机的返回键，或者从屏幕左边缘往里滑。",
                ),
                try_it(
                    "phone-home",
                    "手机桌面，有电话、短信、微信、相机、相册、设置等图标。",
                    "练一练：在桌面上点一下“设置”。",
                    "设置是灰色的齿轮，在第二排。",
                    "对了！这就是设置。",
                    target(L.home_app("设置"), "设置"),
                ),
                try_it(
                    "phone-font-size-plain",
                    "字体大小页面，下方横条上有五个刻度，左边写“小”，右边写“大”。",
                    "练一练：点一下最右边的刻度，把字调到最大。",
                    "最右边，写着“大”字的上面。",
                    "做得好！字调到最大了。",
                    target(L.font_stop(L.FONT_STOPS - 1), "最大"),
                ),
                check(
                    "想把手机的字变大，应该去哪里？",
                    [
                        ("设置 → 显示和亮度 → 字体大小", True),
                        ("应用商店", False),
                        ("相册", False),
                    ],
                    "字体大小在“设置”里的“显示和亮度”（小米叫“显示”）下面。",
                ),
                tip(
                    "微信里的字也可以放大：打开微信，点“我 → 设置 → 关怀模式”，字更大、按钮更大。"
                ),
            ],
        },
        {
            "slug": "volume",
            "title": "把声音调大调小",
            "title_en": "Turn the sound up or down",
            "minutes": 7,
            "blocks": [
                text(
                    "<p>电话铃声听不见，视频声音太小？学会调音量，就不会错过家人的电话。</p>"
                ),
                step(
                    "找到侧面的按键",
                    "phone-side-keys",
                    "手机侧面示意图：右侧上方是音量加键，下面是音量减键，再下面是电源键。",
                    "手机侧面有一个长条按键，是调声音的。",
                    hint="大多数手机在右侧；苹果手机的音量键在左侧。",
                    mistake="最下面单独的那个是电源键，按了会锁屏，不是调声音的。",
                ),
                step(
                    "声音变大",
                    "phone-side-keys",
                    "示意图：音量加键被框出来，写着“按这里：声音变大”。",
                    "按上面的键，声音变大。",
                    hint="按一下大一点，多按几下更大。",
                ),
                step(
                    "声音变小",
                    "phone-side-keys-down",
                    "示意图：音量减键被框出来，写着“按这里：声音变小”。",
                    "按下面的键，声音变小。",
                ),
                step(
                    "看屏幕上的音量条",
                    "phone-volume-panel",
                    "按音量键后，屏幕右边出现一条竖的音量条，显示60%。",
                    "屏幕边上出现音量条，用手指往上拖也能变大。",
                    hint="音量条几秒后会自己消失，不用管它。",
                ),
                step(
                    "打开“声音和振动”",
                    "phone-settings-sound",
                    "设置列表，“声音和振动”这一行被框出来。",
                    "打开“设置”，点“声音和振动”。",
                    hint="有的手机叫“声音与振动”或“声音”；苹果手机叫“声音与触感”。",
                ),
                step(
                    "把来电铃声调大",
                    "phone-sound",
                    "声音和振动页面，“来电铃声”的横条被框出来，写着“往右拖：铃声变大”。",
                    "把“来电铃声”往右拖，来电就听得清。",
                    mistake="“静音模式”打开时手机不响。要听铃声，把它关掉。",
                ),
                try_it(
                    "phone-settings",
                    "设置列表：WLAN、蓝牙、移动网络、显示和亮度、声音和振动、通知、应用、辅助功能、系统和更新。",
                    "练一练：点一下管声音的那一行。",
                    "找带“声音”两个字的那一行。",
                    "对了！声音的设置都在这里。",
                    target(L.settings_row("声音和振动"), "声音和振动"),
                ),
                check(
                    "看视频时声音太小，最快的办法是什么？",
                    [
                        ("按手机侧面上面的音量键", True),
                        ("按侧面最下面的电源键", False),
                        ("把手机关机再开", False),
                    ],
                    "音量键上面的是变大，下面的是变小。电源键会让屏幕黑掉。",
                ),
                tip(
                    "打电话时按音量键，调的是听筒的声音；放视频时按，调的是视频的声音。"
                ),
            ],
        },
        {
            "slug": "wifi",
            "title": "连接家里的无线网（WLAN）",
            "title_en": "Connect to the home Wi-Fi",
            "minutes": 8,
            "blocks": [
                text(
                    "<p>连上家里的无线网，看视频、视频通话都不费流量。先准备好无线网的名字和密码。</p>"
                ),
                tip(
                    "无线网的名字和密码一般贴在路由器（家里闪灯的小盒子）背面，也可以问装宽带的家人。"
                ),
                step(
                    "打开“WLAN”",
                    "phone-settings-wlan",
                    "设置列表，最上面的“WLAN”这一行被框出来。",
                    "打开“设置”，点最上面的“WLAN”。",
                    hint="有的手机叫“Wi-Fi”；苹果手机叫“无线局域网”。",
                ),
                step(
                    "打开开关",
                    "phone-wlan-switch",
                    "WLAN页面，最上面的开关被框出来，写着“开关要打开，圆点在右边”。",
                    "看WLAN开关：圆点在右边就是开着。",
                    hint="圆点在左边、开关是灰色，就点一下把它打开。",
                ),
                step(
                    "选你家的网络",
                    "phone-wlan-list",
                    "可用网络列表，“家里的WiFi”这一行被框出来，写着“点你家的网络名”。",
                    "在列表里点你家的网络名字。",
                    hint="名字后面有小锁的网络需要密码。",
                    mistake="不要连不认识的网络，尤其是没有锁的免费网络。",
                ),
                step(
                    "输入密码",
                    "phone-wifi-password",
                    "弹出输入密码的框，密码框被框出来，写着“在这里输入密码”。",
                    "在框里输入密码，大小写要一样。",
                    hint="勾上“显示密码”，就能看到自己输入的对不对。",
                ),
                step(
                    "点“连接”",
                    "phone-wifi-connect",
                    "输入密码的框里，右下角的蓝色“连接”按钮被框出来。",
                    "输好后点“连接”。",
                    mistake="提示“密码错误”？检查大小写和数字，再输一次。",
                ),
                step(
                    "看看连上没有",
                    "phone-wlan-connected",
                    "网络名下面显示“已连接”，屏幕顶端出现扇形的无线网图标，被框出来。",
                    "网络名下写“已连接”，顶上有扇形图标，就成功了。",
                    hint="以后回到家，手机会自己连上，不用再输密码。",
                ),
                try_it(
                    "phone-wlan-list-plain",
                    "可用网络列表：家里的WiFi、ChinaNet-3F2A、邻居家-5G、CMCC-WEB。",
                    "练一练：点一下你家的网络“家里的WiFi”。",
                    "在列表第一行。",
                    "对了！接下来输入密码就行。",
                    target(L.wlan_row("家里的WiFi"), "家里的WiFi"),
                ),
                check(
                    "在外面连上不认识的免费无线网，下面哪件事最好不要做？",
                    [
                        ("用手机银行转账或输入支付密码", True),
                        ("看天气预报", False),
                        ("看新闻", False),
                    ],
                    "不认识的免费网络可能被人动了手脚。付钱、转账、输密码，用自家网络或手机流量。",
                ),
                warning("不要连来路不明的免费无线网，不要在上面付钱或输入密码。"),
            ],
        },
        {
            "slug": "simple-mode",
            "title": "打开简易模式（长辈模式）",
            "title_en": "Switch on the simple mode for elders",
            "minutes": 6,
            "blocks": [
                text(
                    "<p>很多手机有“简易模式”（也叫“长辈模式”）：桌面图标少而大，字也更大。不用一个个去找设置。</p>"
                ),
                step(
                    "打开“设置”",
                    "phone-home-settings",
                    "手机桌面，“设置”图标被框出来。",
                    "在桌面上点“设置”。",
                ),
                step(
                    "点搜索框",
                    "phone-settings-searchbox",
                    "设置页面，上方的搜索框被框出来，写着“点搜索框”。",
                    "点设置最上面的搜索框。",
                    hint="搜索框里写着“搜索设置项”，有一个放大镜。",
                ),
                step(
                    "搜索“简易模式”",
                    "phone-settings-search",
                    "搜索框里输入了“简易模式”，第一个结果被框出来。",
                    "输入“简易模式”，点第一个结果。",
                    hint="各品牌叫法不同，可以试着搜“简易”“长辈”“老人”或“极简”。",
                    mistake="搜不到，说明这台手机没有这个功能。把字调大也一样好用。",
                ),
                step(
                    "点“启用”",
                    "phone-simple-mode",
                    "简易模式页面，上面是大图标桌面的样子，下面的“启用”按钮被框出来。",
                    "看一下说明，点“启用”。",
                    hint="苹果手机没有简易模式，可以在“设置 → 辅助功能 → 显示与文字大小 → 更大字体”里调。",
                ),
                step(
                    "想退出也不难",
                    "phone-settings-searchbox",
                    "设置页面，上方的搜索框被框出来。",
                    "想退出时，同样在设置里搜“简易模式”，点“退出”。",
                    hint="也可以请家人或社区志愿者帮忙。",
                ),
                try_it(
                    "phone-settings",
                    "设置页面，最上面是搜索框“搜索设置项”，下面是设置列表。",
                    "练一练：点一下设置最上面的搜索框。",
                    "搜索框在“设置”两个字的下面，有一个放大镜。",
                    "对了！在这里输入文字就能找到想要的设置。",
                    target(L.SEARCH_BOX, "搜索设置项"),
                ),
                check(
                    "设置里的东西太多，找不到“简易模式”，怎么办？",
                    [
                        ("在设置最上面的搜索框里输入“简易模式”", True),
                        ("把手机恢复出厂设置", False),
                        ("去应用商店下载一个不认识的软件", False),
                    ],
                    "设置的搜索框能直接找到想要的功能。恢复出厂会清掉照片和联系人，千万别随便点。",
                ),
                warning(
                    "不认识的“清理加速”“老人桌面”软件不要乱装，有的会弹广告、偷信息。用手机自带的功能就好。"
                ),
            ],
        },
    ],
}

RESIDENT_COURSES = [SMARTPHONE_BASICS]
STAFF_COURSES: list[dict] = []

COURSES: list[dict] = RESIDENT_COURSES + STAFF_COURSES

PATHS: list[dict] = []
