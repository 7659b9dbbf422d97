# ruff: noqa: E501  -- lesson text reads better unbroken than split at 88 columns
"""Demo courses, lessons and learning paths (Chinese first, English titles/summaries).

Pure data in the shape notes/training_content_contract.md describes; the training app's
``demo.py`` turns it into Wagtail pages. "Try it" targets come from ``layout`` — the
same rectangles ``images`` draws the tappable elements at.

Steps are written for common Android phones (华为/荣耀、小米、OPPO、vivo); where an
iPhone differs, the hint says so.
"""

from __future__ import annotations

from html import escape

from . import layout as L
from . import samples

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
                    "phone-font-size-back",
                    "字体大小页面，左上角的返回箭头“<”被框出来。",
                    "点左上角的“<”返回，设置会自动保存。",
                    spoken="点左上角的返回箭头，设置会自动保存。",
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

VIDEO_CALL = {
    "slug": "video-call-family",
    "title": "和家人视频通话",
    "title_en": "Video calls with family",
    "summary": "用微信给子女打视频电话、接家人的视频、翻转摄像头、挂断；听不到声音时一步步检查。",
    "summary_en": "Make and answer WeChat video calls with family, flip the camera, hang up — and what to check when there is no sound.",
    "audience": "residents",
    "skill_area": "smartphone",
    "level": 1,
    "minutes": 25,
    "outcomes": [
        "会用微信给家人打视频电话",
        "会接听、翻转摄像头和挂断",
        "听不到声音时知道检查音量、扬声器和麦克风",
    ],
    "cover": "cover-video-call",
    "cover_alt": "绿色封面：手机屏幕上是正在视频通话的家人，下面有红色挂断按钮。",
    "prerequisites": ["smartphone-basics"],
    "lessons": [
        {
            "slug": "make-a-call",
            "title": "给家人打视频电话",
            "title_en": "Call a family member by video",
            "minutes": 8,
            "blocks": [
                text(
                    "<p>想孩子了？用微信视频通话，不但能听到声音，还能看到人。先连上家里的无线网，就不怕费流量。</p>"
                ),
                step(
                    "打开微信",
                    "phone-home-wechat",
                    "手机桌面，绿色的“微信”图标被框出来，写着“点这里”。",
                    "在桌面上点绿色的“微信”。",
                    hint="微信图标是绿色的，上面有两个白色的对话泡泡。",
                ),
                step(
                    "找到家人",
                    "phone-wechat-chats",
                    "微信聊天列表，“女儿 小红”这一行被框出来，写着“点家人的名字”。",
                    "在聊天列表里点家人的名字。",
                    hint="列表里找不到？点下面的“通讯录”，再找家人的名字。",
                    mistake="不要点进群聊，在群里发起视频会打给群里很多人。",
                ),
                step(
                    "点右下角的“+”",
                    "phone-wechat-chat",
                    "和女儿的聊天页面，右下角的圆圈加号被框出来，写着“点右下角+”。",
                    "点右下角圆圈里的“+”。",
                    spoken="点右下角圆圈里的加号。",
                    hint="它在输入框的最右边。",
                    mistake="旁边的笑脸是发表情的，不是“+”。",
                ),
                step(
                    "点“视频通话”",
                    "phone-wechat-plus",
                    "聊天页面下方弹出一排图标：相册、拍摄、视频通话、位置等，“视频通话”被框出来。",
                    "在弹出的图标里点“视频通话”。",
                    hint="图标是一台小摄像机。",
                ),
                step(
                    "再选“视频通话”",
                    "phone-wechat-call-sheet",
                    "屏幕下方弹出三个选项：视频通话、语音通话、取消，“视频通话”被框出来。",
                    "下面弹出选项，再点一次“视频通话”。",
                    hint="选“语音通话”就只能听声音，看不到人。",
                ),
                step(
                    "等家人接听",
                    "phone-video-calling",
                    "呼叫页面，写着“正在等待对方接受邀请”，下面是红色的“取消”按钮。",
                    "等家人接听。不想打了，点“取消”。",
                    hint="响了很久没人接，过一会儿再打，或者先发条消息。",
                ),
                try_it(
                    "phone-wechat-chat-plain",
                    "和女儿的聊天页面，下方是输入栏：左边语音按钮、中间输入框、右边笑脸和圆圈加号。",
                    "练一练：点一下能打开视频通话的“+”。",
                    "在右下角，笑脸的右边。",
                    "对了！接下来点“视频通话”。",
                    target(L.CHAT_PLUS_BUTTON, "+"),
                ),
                check(
                    "在和女儿的聊天页面，想打视频电话，先点哪里？",
                    [
                        ("右下角的“+”", True),
                        ("左上角的“<”", False),
                        ("笑脸表情", False),
                    ],
                    "“+”里面有“视频通话”。左上角的“<”是返回，笑脸是发表情。",
                ),
                tip("也可以在“通讯录”里点家人的名字，再点“音视频通话”。"),
            ],
        },
        {
            "slug": "answer-and-hang-up",
            "title": "接听、翻转摄像头和挂断",
            "title_en": "Answer, flip the camera and hang up",
            "minutes": 8,
            "blocks": [
                text(
                    "<p>家人打来视频时，手机会响，屏幕上有绿色和红色两个按钮。绿色是接听，红色是挂断。</p>"
                ),
                step(
                    "家人打来了",
                    "phone-video-incoming",
                    "来电页面，写着“女儿 小红 邀请你视频通话”，下面左边是红色“挂断”，右边是绿色“接听”。",
                    "听到铃声，屏幕上写着“邀请你视频通话”。",
                    hint="手机锁着屏也会直接显示这个页面。",
                ),
                step(
                    "点“接听”",
                    "phone-video-incoming",
                    "来电页面，右边绿色的“接听”按钮被框出来。",
                    "点右边绿色的“接听”。",
                    hint="只想听声音、不想露脸？点“切到语音接听”。",
                    mistake="左边红色的是“挂断”，点了电话就断了。",
                ),
                step(
                    "拿好手机",
                    "phone-video-call-plain",
                    "视频通话中：屏幕上是女儿，右上角小窗口里是自己。",
                    "手机竖着拿，离脸一臂远，让脸在屏幕中间。",
                    hint="右上角的小窗口是你自己，家人看到的就是它。",
                ),
                step(
                    "翻转摄像头",
                    "phone-video-call-flip",
                    "视频通话中，左上角的“翻转”按钮被框出来，写着“换前后摄像头”。",
                    "想给家人看看家里，点“翻转”。",
                    hint="再点一次，又换回拍自己。",
                ),
                step(
                    "说完了，挂断",
                    "phone-video-call",
                    "视频通话中，下方中间红色的“挂断”按钮被框出来。",
                    "说完了，点下面红色的“挂断”。",
                    mistake="直接回到桌面不会挂断，通话还在继续，要点“挂断”。",
                ),
                step(
                    "看通话记录",
                    "phone-wechat-chat-ended",
                    "聊天页面里多了一条“通话时长 05:12”的记录。",
                    "挂断后，聊天里会显示这次通话的时长。",
                    hint="点这条记录，可以再打回去。",
                ),
                try_it(
                    "phone-video-call-plain",
                    "视频通话页面：上方是女儿的画面，下方有麦克风、扬声器、摄像头三个按钮，中间是红色的挂断按钮，左上角是翻转按钮。",
                    "练一练：聊完了，点一下挂断。",
                    "挂断是下方中间最大的红色圆按钮，下面写着“挂断”。",
                    "对了！电话挂断了。",
                    target(L.IN_CALL_HANGUP, "挂断"),
                ),
                check(
                    "视频通话时想让家人看看窗外的雪，点哪个按钮？",
                    [
                        ("翻转", True),
                        ("挂断", False),
                        ("麦克风", False),
                    ],
                    "“翻转”会换成手机背面的摄像头，拍你眼前的东西。",
                ),
                tip("视频通话比较费流量，尽量连上家里的无线网再打。"),
            ],
        },
        {
            "slug": "no-sound",
            "title": "听不到声音怎么办",
            "title_en": "What to do when there is no sound",
            "minutes": 8,
            "blocks": [
                text(
                    "<p>视频接通了却听不到声音，或者家人听不到你？别着急，按下面的顺序一项项检查。</p>"
                ),
                step(
                    "先调大音量",
                    "phone-side-keys",
                    "手机侧面示意图，音量加键被框出来，写着“按这里：声音变大”。",
                    "通话时按几下侧面上面的音量键。",
                    hint="通话中按音量键，调的就是通话的声音。",
                ),
                step(
                    "看扬声器",
                    "phone-video-call-speaker",
                    "视频通话页面，“扬声器已开”按钮被框出来，写着“扬声器要开着”。",
                    "看“扬声器”是不是开着，没开就点一下。",
                    hint="扬声器关着时，声音只从听筒出来，要贴着耳朵才听得见。",
                ),
                step(
                    "家人听不到你",
                    "phone-video-call-mic",
                    "视频通话页面，“麦克风已开”按钮被框出来，写着“麦克风要开着”。",
                    "家人听不到你？看“麦克风”是不是开着。",
                    hint="说话时别用手指挡住手机底部的小孔，那是话筒。",
                ),
                step(
                    "打开“应用”设置",
                    "phone-settings-apps",
                    "设置列表，“应用”这一行被框出来。",
                    "还不行？挂断后打开“设置”，点“应用”。",
                    hint="华为叫“应用和服务”，有的手机叫“应用管理”。苹果手机在设置里往下找“微信”。",
                ),
                step(
                    "允许使用麦克风",
                    "phone-app-permissions",
                    "微信的权限页面，“麦克风 禁止”这一行被框出来，写着“点进去改成允许”。",
                    "找到“微信”的“权限”，把“麦克风”改成“允许”。",
                    hint="“相机”也要允许，不然家人看不到你。",
                ),
                step(
                    "检查网络",
                    "phone-wlan-connected",
                    "WLAN页面，显示“家里的WiFi 已连接”。",
                    "声音断断续续？多半是网不好，连上无线网再试。",
                    hint="离路由器近一点，信号会更好。",
                ),
                try_it(
                    "phone-app-permissions-plain",
                    "微信的权限页面：相机 允许、麦克风 禁止、位置信息、通讯录、存储。",
                    "练一练：点一下管“说话声音”的那一项权限。",
                    "就是“麦克风”，写着“禁止”的那一行。",
                    "对了！把它改成“允许”，家人就能听到你了。",
                    target(L.permission_row("麦克风"), "麦克风"),
                ),
                check(
                    "视频时能看到女儿，却听不到她说话，先做什么？",
                    [
                        ("按音量上键，再看扬声器是不是开着", True),
                        ("马上把微信删掉", False),
                        ("把手机关机", False),
                    ],
                    "多数时候是音量太小或扬声器关了。先从最简单的查起。",
                ),
                fraud(
                    "视频里有人自称领导、客服、警察，要你转账，马上挂断。视频里的脸和声音都可能是假的（AI换脸）。"
                ),
            ],
        },
    ],
}

HOSPITAL_BOOKING = {
    "slug": "hospital-booking",
    "title": "网上预约挂号",
    "title_en": "Book a hospital appointment online",
    "summary": "在医院官方的微信公众号里选科室、选医生和时间、实名确认，去不了时取消；认准官方入口，不给“代挂号”的人转钱。",
    "summary_en": "Use the hospital's official WeChat account to choose a department, doctor and time, confirm with your real name, cancel if needed — and never pay strangers for an appointment.",
    "audience": "residents",
    "skill_area": "health-travel",
    "level": 2,
    "minutes": 30,
    "outcomes": [
        "能找到医院官方的挂号入口",
        "会选科室、医生和时间并确认预约",
        "会取消预约，知道就诊要带什么",
        "不找号贩子，不给陌生人转钱",
    ],
    "cover": "cover-hospital",
    "cover_alt": "青绿色封面：一座画着红十字的医院，上面写着“挂号”。",
    "prerequisites": ["smartphone-basics"],
    "lessons": [
        {
            "slug": "find-official-entry",
            "title": "找到医院的官方挂号入口",
            "title_en": "Find the hospital's official booking channel",
            "minutes": 8,
            "blocks": [
                text(
                    "<p>很多医院可以在手机上挂号：医院的微信公众号或小程序，以及本地的健康服务平台（各地的名字不同，可以问社区工作人员）。本课以医院的微信公众号为例。</p>"
                ),
                step(
                    "打开微信",
                    "phone-home-wechat",
                    "手机桌面，“微信”图标被框出来。",
                    "在桌面上点“微信”。",
                ),
                step(
                    "点搜索",
                    "phone-wechat-chats-search",
                    "微信首页，右上角的放大镜被框出来，写着“点放大镜搜索”。",
                    "点右上角的放大镜。",
                    hint="放大镜在“+”的左边。",
                ),
                step(
                    "输入医院名字",
                    "phone-wechat-search-hospital-tab",
                    "搜索框里输入了“市人民医院”，下面的“公众号”标签被框出来。",
                    "输入医院的全名，再点“公众号”。",
                    hint="医院全名可以看病历本、以前的挂号单，或问家人。",
                ),
                step(
                    "认准官方",
                    "phone-wechat-search-hospital",
                    "搜索结果：第一个“市人民医院 公众号 已认证”被框出来；最下面是“专家号代挂 加急出号 个人号 未认证”。",
                    "认准写着“已认证”的医院官方号，点进去。",
                    mistake="“代挂号”“加急出号”是号贩子或骗子，不要点，更不要付钱。",
                ),
                step(
                    "点“预约挂号”",
                    "phone-hospital-account",
                    "医院公众号页面，下方菜单“预约挂号”被框出来。",
                    "进入医院公众号，点下方的“预约挂号”。",
                    hint="第一次进来可以点“关注”，以后在微信里很快就能找到它。",
                ),
                try_it(
                    "phone-wechat-search-hospital-plain",
                    "搜索“市人民医院”的结果：市人民医院（公众号 已认证）、市人民医院挂号（小程序）、专家号代挂 加急出号（个人号 未认证）。",
                    "练一练：点一下医院的官方公众号。",
                    "看名字下面写着“已认证”的那个。",
                    "对了！认准官方，才安全。",
                    target(L.hospital_result("官方公众号"), "市人民医院 公众号"),
                ),
                check(
                    "网上挂号，应该用哪个？",
                    [
                        ("医院官方的公众号或小程序", True),
                        ("陌生人发来的“代挂号”链接", False),
                        ("朋友圈里“交钱加急出号”的广告", False),
                    ],
                    "只用医院官方或本地官方健康平台。代挂号要收高价，还可能骗钱、骗身份信息。",
                ),
                fraud(
                    "正规挂号只收医院规定的挂号费。谁说“交钱保证挂上专家号”，都是号贩子或骗子，不要给陌生人转账。"
                ),
            ],
        },
        {
            "slug": "book-step-by-step",
            "title": "一步一步预约",
            "title_en": "Book step by step",
            "minutes": 10,
            "blocks": [
                text(
                    "<p>预约的顺序是：选科室 → 选日期和医生 → 选就诊人（实名）→ 确认。每一步都可以返回修改。</p>"
                ),
                step(
                    "选科室",
                    "phone-booking-departments",
                    "选择科室页面：左边是大类“内科、外科”等，右边是具体科室，“心血管内科”被框出来。",
                    "先在左边选大类，再点右边要看的科室。",
                    hint="不知道挂哪个科？可以打医院电话问，或用页面上的“智能导诊”。",
                ),
                step(
                    "选日期和医生",
                    "phone-booking-doctors",
                    "心血管内科页面：上方选了“周一 30”，下面是医生列表，王医生后面的“预约”按钮被框出来。",
                    "选好日期，在有号的医生后面点“预约”。",
                    hint="写着“约满”就是没号了，换一天或换一位医生。",
                ),
                step(
                    "选就诊人",
                    "phone-booking-patient",
                    "选择就诊人页面：张桂兰（本人）的身份证、手机号、医保卡信息；下面的“下一步”按钮被框出来。",
                    "核对就诊人是看病的本人，点“下一步”。",
                    hint="帮家人挂号，点“添加就诊人”，填家人本人的身份证信息。",
                    mistake="不要用别人的身份证挂号，看病时要核对身份。",
                ),
                step(
                    "确认信息",
                    "phone-booking-confirm",
                    "确认预约信息页面：医院、科室、医生、时间、就诊人、挂号费，下方“确认预约”按钮被框出来。",
                    "核对医院、科室、时间，点“确认预约”。",
                    hint="挂号费有的在网上付，有的到医院付，按页面提示来。",
                ),
                step(
                    "预约成功",
                    "phone-booking-success",
                    "预约成功页面：绿色对勾，11月30日周一上午9:30，心血管内科王医生，提醒带好身份证和医保卡。",
                    "看到“预约成功”，记下日期和时间。",
                    hint="医院一般还会发短信或微信消息提醒你。",
                ),
                try_it(
                    "phone-booking-departments-plain",
                    "选择科室页面：左边大类，右边科室：普通内科、心血管内科、消化内科、骨科、眼科、口腔科、皮肤科。",
                    "练一练：血压高、心慌，点一下“心血管内科”。",
                    "在右边列表的第二行。",
                    "对了！接下来选日期和医生。",
                    target(L.department_row("心血管内科"), "心血管内科"),
                ),
                check(
                    "帮老伴挂号，就诊人应该填谁的信息？",
                    [
                        ("老伴本人的姓名和身份证", True),
                        ("我自己的", False),
                        ("随便填一个", False),
                    ],
                    "挂号实名制：就诊人是谁，就填谁的信息，看病时要核对。",
                ),
                tip("只在医院官方页面里付款。付款前看清收款方是医院。"),
            ],
        },
        {
            "slug": "cancel-and-visit",
            "title": "取消预约和就诊那天",
            "title_en": "Cancel a booking and the day of the visit",
            "minutes": 8,
            "blocks": [
                text(
                    "<p>预约了去不了，要提前取消，把号让给别人。就诊那天带好证件，提前到。</p>"
                ),
                step(
                    "打开“个人中心”",
                    "phone-hospital-account-mine",
                    "医院公众号页面，下方菜单“个人中心”被框出来。",
                    "在医院公众号下方点“个人中心”。",
                    hint="里面有“我的预约”。有的医院叫“我的”或“挂号记录”。",
                ),
                step(
                    "找到这次预约",
                    "phone-booking-mine",
                    "我的预约页面：心血管内科王医生，待就诊，“取消预约”按钮被框出来。",
                    "去不了？提前点“取消预约”。",
                    hint="一般要在就诊前取消，各医院规定的时间不同，页面上会写。",
                    mistake="不去又不取消算“爽约”，次数多了可能暂时不能网上预约。",
                ),
                step(
                    "确认取消",
                    "phone-booking-cancel-confirm",
                    "弹出“确定取消这次预约吗？”，“确定取消”按钮被框出来。",
                    "确定去不了，点“确定取消”。",
                    hint="已经在网上付过的挂号费，一般会原路退回。",
                ),
                step(
                    "带好证件",
                    "phone-booking-success",
                    "预约成功页面，列出就诊要带的东西：身份证、医保卡或医保电子凭证、以前的病历和检查单。",
                    "就诊那天带好身份证、医保卡或医保电子凭证。",
                    hint="医保电子凭证在微信或支付宝里搜“医保电子凭证”就能找到。",
                ),
                step(
                    "提前到医院",
                    "phone-booking-success",
                    "预约成功页面，写着“提前30分钟到医院签到取号”。",
                    "提前半小时到医院，在机器或窗口签到。",
                    hint="不会用机器，就问导诊台的工作人员。",
                ),
                try_it(
                    "phone-booking-mine-plain",
                    "我的预约页面：心血管内科王医生，待就诊，下面有“查看详情”和“取消预约”两个按钮。",
                    "练一练：那天有事去不了，点一下取消预约。",
                    "在右下方，红色的字。",
                    "对了！再确认一次就取消好了。",
                    target(L.CANCEL_BOOKING_BUTTON, "取消预约"),
                ),
                check(
                    "预约了，但那天去不了，怎么办？",
                    [
                        ("提前在“我的预约”里取消", True),
                        ("不用管它", False),
                        ("把号转卖给别人", False),
                    ],
                    "提前取消，号就能让给需要的人，也不会留下爽约记录。",
                ),
                fraud(
                    "有人打电话说“您的预约出了问题，要交钱改约”，先挂断，再打医院官方电话核实。"
                ),
            ],
        },
    ],
}

ANTI_FRAUD = {
    "slug": "anti-fraud-basics",
    "title": "识别电话和网络诈骗",
    "title_en": "Spot phone and online fraud",
    "summary": "认识冒充公检法、“安全账户”、假客服退款、冒充子女借钱、保健品骗局等常见套路；记住“不转账、不透露验证码、不点陌生链接”，装好国家反诈中心App。",
    "summary_en": "Recognise fake police calls, 'safe account' transfers, fake refund agents, impostor children asking for money and health-product scams; never transfer, never share codes, never tap unknown links; install the national anti-fraud app.",
    "audience": "residents",
    "skill_area": "anti-fraud",
    "level": 1,
    "minutes": 35,
    "outcomes": [
        "能认出常见的诈骗电话、短信和微信消息",
        "记住：不转账、不透露验证码、不点陌生链接",
        "遇到可疑情况会挂断、核实，找家人或拨打110",
        "会安装国家反诈中心App，知道96110要接",
    ],
    "cover": "cover-anti-fraud",
    "cover_alt": "红色封面：一面白色盾牌，写着“反诈”和“不转账”。",
    "prerequisites": [],
    "lessons": [
        {
            "slug": "fake-officials",
            "title": "冒充公检法和“安全账户”",
            "title_en": "Fake police calls and 'safe accounts'",
            "minutes": 8,
            "blocks": [
                text(
                    "<p>骗子常冒充公安、检察院、法院（公检法）打电话，说你“涉嫌洗钱”“账户要冻结”，吓唬你把钱转到“安全账户”。记住：<strong>公检法不会打电话办案，更没有“安全账户”。</strong></p>"
                ),
                step(
                    "先看号码",
                    "phone-fake-call",
                    "来电页面，来电显示“公安局”，号码“+00 852 6123 4567 境外号码”被框出来。",
                    "陌生来电先看号码：+00这类奇怪开头的，多是境外来电。",
                    spoken="陌生来电先看号码：加零零这类奇怪开头的，多是境外来电。",
                    hint="骗子能把号码改得像110。号码看着正常，也不能只凭号码相信。",
                ),
                step(
                    "听到这些话就警惕",
                    "phone-fake-call",
                    "来电页面，下面写着“公安不会打电话让你转账”。",
                    "说你涉案、账户要冻结？这是骗子的话术。",
                    hint="骗子还会说“要保密，不许告诉家人”，就是不想让你找人商量。",
                ),
                step(
                    "直接挂断",
                    "phone-fake-call-decline",
                    "来电页面，左下方红色“拒绝”按钮被框出来，写着“不用争辩，直接点拒绝”。",
                    "不用争辩，直接挂断。",
                    mistake="不要按对方说的去银行、下载软件或开“视频笔录”。",
                ),
                step(
                    "自己打110核实",
                    "phone-home-phone",
                    "手机桌面，“电话”图标被框出来。",
                    "挂断后，自己拨110核实，不要回拨对方号码。",
                    spoken="挂断后，自己拨幺幺零核实，不要回拨对方号码。",
                ),
                step(
                    "告诉家人",
                    "phone-wechat-chats-plain",
                    "微信聊天列表：女儿小红、社区服务群等。",
                    "把这件事告诉子女或社区工作人员。",
                    hint="多一个人商量，就多一分安全。",
                ),
                step(
                    "96110要接",
                    "phone-call-96110",
                    "来电页面，号码“96110 反诈预警劝阻专线”被框出来，写着“是警方反诈专线，一定要接”。",
                    "96110打来，是警察在提醒你，一定要接。",
                    spoken="九六幺幺零打来，是警察在提醒你，一定要接。",
                ),
                try_it(
                    "phone-fake-call-plain",
                    "来电页面：来电显示“公安局”，号码“+00 852 6123 4567”，境外号码；左下是红色“拒绝”，右下是绿色“接听”。",
                    "练一练：这个电话很可疑，点“拒绝”挂掉它。",
                    "红色的圆按钮，下面写着“拒绝”。",
                    "做得对！可疑电话，直接挂断。",
                    target(L.INCOMING_DECLINE, "拒绝"),
                ),
                check(
                    "电话里的“警察”说你涉嫌洗钱，让你把钱转到“安全账户”，怎么办？",
                    [
                        ("挂断，自己打110核实，告诉家人", True),
                        ("按他说的转账，证明自己清白", False),
                        ("把银行卡号和密码告诉他配合调查", False),
                    ],
                    "公检法不会电话办案、不会要你转账，也没有“安全账户”。",
                ),
                fraud(
                    "公检法机关不会通过电话、微信办案，不会要求转账，也没有所谓的“安全账户”。"
                ),
            ],
        },
        {
            "slug": "links-codes-refunds",
            "title": "短信链接、验证码和假客服",
            "title_en": "Text-message links, codes and fake customer service",
            "minutes": 9,
            "blocks": [
                text(
                    "<p>“账户异常要冻结”“快递丢了给你赔偿”“医保卡要停用”……这类短信和电话，目的都是骗你点链接、说出验证码或转账。</p>"
                ),
                step(
                    "不点陌生链接",
                    "phone-scam-sms-link",
                    "陌生号码发来的短信：“账户存在异常将冻结，请点击链接验证身份解冻”，短信被框出来，写着“千万别点”。",
                    "短信说账户冻结、要你点链接？别点。",
                    hint="银行、医保的正规短信，不会让你点链接输入密码。",
                ),
                step(
                    "打官方电话问",
                    "phone-scam-sms",
                    "同一条陌生短信，下面有“举报”和“删除”。",
                    "有疑问，打银行卡背面的客服电话问。",
                    mistake="不要打短信里留的电话，那是骗子的号码。",
                ),
                step(
                    "举报并删除",
                    "phone-scam-sms-report",
                    "短信页面，下方“举报”按钮被框出来，写着“先点举报，再点删除”。",
                    "点“举报”，再把短信删掉。",
                ),
                step(
                    "验证码不给人",
                    "phone-sms-code",
                    "银行验证码短信被框出来，写着“验证码就是钱包钥匙，谁要都不给”。",
                    "验证码谁要都不给，银行和客服也不会要。",
                    hint="收到没操作过的验证码，说明有人在用你的账户，马上问银行。",
                ),
                step(
                    "假客服要你先转钱",
                    "phone-fake-refund",
                    "“快递理赔客服”的聊天：说包裹丢了赔三倍，要下载会议软件共享屏幕，再要先转1000元，最后一条被框出来。",
                    "“客服”说退款、理赔，却要你先转钱，是骗子。",
                ),
                step(
                    "不共享屏幕",
                    "phone-fake-refund",
                    "同一段聊天，其中一条写着“请下载一个会议软件，打开屏幕共享”。",
                    "要你下载会议软件、共享屏幕，马上拒绝。",
                    hint="共享屏幕后，对方能看到你的验证码和密码。",
                ),
                try_it(
                    "phone-scam-sms",
                    "陌生号码的诈骗短信，下方左边是“举报”，右边是“删除”。",
                    "练一练：这是诈骗短信，点“删除”。",
                    "在屏幕最下方右边。",
                    "删掉了！以后这样的短信不理它。",
                    target(L.sms_action("删除"), "删除"),
                ),
                check(
                    "有人打电话说是银行客服，让你把刚收到的验证码念给他，怎么办？",
                    [
                        ("不给，挂断电话", True),
                        ("念给他听", False),
                        ("截图发给他", False),
                    ],
                    "验证码是你的钱包钥匙。真正的银行和客服，从不要验证码。",
                ),
                fraud("记住“三不”：不转账、不透露验证码、不点陌生链接。"),
            ],
        },
        {
            "slug": "family-and-health-scams",
            "title": "冒充亲友借钱和保健品骗局",
            "title_en": "Impostor relatives and health-product scams",
            "minutes": 9,
            "blocks": [
                text(
                    "<p>骗子会冒充子女、孙辈或老朋友，用新微信号说“急用钱”；也会用“专家讲座”“免费领鸡蛋”推销“包治百病”的保健品。</p>"
                ),
                step(
                    "新号借钱先别转",
                    "phone-wechat-fake-child",
                    "“小明（新号）”的聊天：说手机坏了换了新号、急用5000元、不方便接电话，最后一条被框出来。",
                    "“孩子”用新号找你要钱，先别转。",
                ),
                step(
                    "打原来的电话",
                    "phone-home-phone",
                    "手机桌面，“电话”图标被框出来。",
                    "打他原来的手机号，听听是不是本人。",
                    hint="视频也可能是假的，骗子会用AI换脸，一定要打原来的号码。",
                ),
                step(
                    "问只有家人知道的事",
                    "phone-wechat-fake-child",
                    "同一段聊天，对方一直催着转钱。",
                    "也可以问一件只有家人才知道的事。",
                    hint="比如：“你小时候养的狗叫什么？”",
                ),
                step(
                    "“包治百病”是假的",
                    "phone-health-scam",
                    "“健康养生交流群”的聊天：“专家”说保健品包治高血压、糖尿病，能停药，催着转账抢购，被框出来。",
                    "说“包治百病”“能停药”的保健品，都是假的。",
                    mistake="不要听信群里的“专家”停掉医生开的药。",
                ),
                step(
                    "小礼品后面是推销",
                    "phone-health-scam",
                    "同一段聊天，写着“今天下单，原价3980现价998，再送10斤鸡蛋”。",
                    "免费领鸡蛋、听讲座，后面往往是高价推销。",
                ),
                step(
                    "花钱前商量",
                    "phone-wechat-chats-plain",
                    "微信聊天列表：女儿小红、社区服务群等。",
                    "花钱前，先和家人或社区工作人员商量。",
                ),
                try_it(
                    "phone-home",
                    "手机桌面，有电话、短信、微信等图标。",
                    "练一练：打电话给孩子核实，点一下“电话”。",
                    "第一排最左边，绿色的电话图标。",
                    "对了！打原来的号码，最可靠。",
                    target(L.home_app("电话"), "电话"),
                ),
                check(
                    "微信上“儿子”用新号说急需用钱，还说不方便接电话，怎么办？",
                    [
                        ("打儿子原来的手机号核实", True),
                        ("马上转账", False),
                        ("把钱转给他说的“同学”", False),
                    ],
                    "不方便接电话、急着要钱、让你保密，这三条都是骗子的特征。",
                ),
                fraud("凡是“不方便接电话、急着要钱、让你保密”的，一律先核实，再说钱。"),
            ],
        },
        {
            "slug": "anti-fraud-app",
            "title": "装上“国家反诈中心”，知道找谁",
            "title_en": "Install the national anti-fraud app and know whom to call",
            "minutes": 8,
            "blocks": [
                text(
                    "<p>“国家反诈中心”是公安部门的官方App，可以提醒诈骗来电、举报诈骗。遇到诈骗，记住三个号码：<strong>110</strong> 报警，<strong>96110</strong> 反诈专线，还有家人的电话。</p>"
                ),
                step(
                    "打开应用商店",
                    "phone-home-appstore",
                    "手机桌面，“应用商店”图标被框出来。",
                    "在桌面上点“应用商店”。",
                    hint="苹果手机点“App Store”。",
                ),
                step(
                    "搜索",
                    "phone-appstore-antifraud-plain",
                    "应用商店搜索“国家反诈中心”的结果，开发者公安部刑事侦查局。",
                    "在搜索框里输入“国家反诈中心”。",
                ),
                step(
                    "认准后安装",
                    "phone-appstore-antifraud",
                    "搜索结果里“安装”按钮被框出来，写着“认准开发者是公安部，再点安装”。",
                    "认准开发者是公安部门，点“安装”。",
                    mistake="别装名字相似的“山寨”软件，也别点短信里发来的下载链接。",
                ),
                step(
                    "注册",
                    "phone-antifraud-app",
                    "国家反诈中心App首页。",
                    "打开App，用手机号注册，选好所在地区。",
                    hint="不会弄，可以请社区工作人员帮忙。",
                ),
                step(
                    "打开来电预警",
                    "phone-antifraud-app",
                    "App首页的“来电预警”被框出来。",
                    "打开“来电预警”，诈骗电话打来会提醒你。",
                    hint="App要求的权限点“允许”，它才能提醒你。",
                ),
                step(
                    "被骗了马上报警",
                    "phone-call-96110",
                    "来电页面，号码96110被框出来，写着“是警方反诈专线，一定要接”。",
                    "万一被骗，马上打110；96110来电一定要接。",
                    spoken="万一被骗，马上打幺幺零；九六幺幺零来电一定要接。",
                    hint="报警越早，追回钱的机会越大。",
                ),
                try_it(
                    "phone-appstore-antifraud-plain",
                    "应用商店搜索结果：国家反诈中心，公安部刑事侦查局，右边是蓝色“安装”按钮。",
                    "练一练：点一下“安装”。",
                    "蓝色的按钮，在名字的右边。",
                    "装好了！打开它，注册后打开来电预警。",
                    target(L.APPSTORE_INSTALL, "安装"),
                ),
                check(
                    "发现自己可能被骗了，钱已经转出去，第一件事做什么？",
                    [
                        ("马上拨打110报警", True),
                        ("先等两天看看", False),
                        ("再转一笔钱“解冻”", False),
                    ],
                    "越早报警，越有机会拦住被骗的钱。",
                ),
                fraud(
                    "96110是全国反诈预警劝阻专线：接到它的来电一定要接；拿不准的事，也可以拨打96110咨询。"
                ),
            ],
        },
    ],
}

RESIDENT_COURSES = [SMARTPHONE_BASICS, VIDEO_CALL, HOSPITAL_BOOKING, ANTI_FRAUD]


# ================================================================ staff courses
def code(block: str) -> str:
    return f"<pre><code>{escape(block.rstrip())}</code></pre>"


SURVEY_SHEET = {
    "slug": "survey-spreadsheet",
    "title": "社区需求调查的电子表格分析",
    "title_en": "Analysing a community needs survey in a spreadsheet",
    "summary": "把纸质问卷录入的数据清理干净，用 COUNTIF、AVERAGE 等公式统计，用数据透视表和图表看出居民最需要什么，并写出不夸大的结论。",
    "summary_en": "Clean survey data typed in from paper, count with COUNTIF and AVERAGE, use a pivot table and a chart to see what residents need most, and report without over-claiming.",
    "audience": "staff",
    "skill_area": "data-analysis",
    "level": 2,
    "minutes": 60,
    "outcomes": [
        "能发现并清理重复、写法不一、空白的数据",
        "会用 COUNTA、COUNTIF、AVERAGE 做基本统计",
        "会做数据透视表和柱形图",
        "能按样本大小如实解读结果",
    ],
    "cover": "cover-survey-sheet",
    "cover_alt": "蓝紫色封面：白色卡片上画着由高到低的四根柱子。",
    "prerequisites": [],
    "lessons": [
        {
            "slug": "clean-data",
            "title": "清理调查数据",
            "title_en": "Clean the survey data",
            "minutes": 15,
            "blocks": [
                text(
                    "<p>纸质问卷录进表格后，常见问题有：<strong>同一份录了两次</strong>、<strong>同一个意思写法不同</strong>（“会/是/Y”）、<strong>数字里夹着文字</strong>（“68岁”“七十”）、<strong>空白</strong>。不先清理，统计结果就会错。</p><p>动手前先把原始文件另存一份，清理只在副本上做。</p>"
                ),
                step(
                    "找出问题",
                    "sheet-raw",
                    "原始调查表：F列有“是”“Y”和空白，C列有“68岁”“七十”，第6、7行是重复的陈*珍，这些格子都加了底色和红框。",
                    "从上到下看一遍，标出重复、写法不一和空白的格子。",
                    hint="对每一列用“筛选”看看有哪些不同的值，最快发现写法不一。",
                ),
                step(
                    "删除重复行",
                    "sheet-dedupe",
                    "“数据”菜单展开，“删除重复项”被框出来。",
                    "选中数据区域，点“数据 → 删除重复项”，按“编号”列判断重复。",
                    hint="Excel 里叫“删除重复值”；WPS 表格在“数据 → 重复项 → 删除重复项”。",
                    mistake="只按“姓名”判断会误删同名的两位居民，用编号判断更稳妥。",
                ),
                step(
                    "统一写法",
                    "sheet-clean",
                    "清理后的表格，F列只剩“会”和“不会”两种写法，整列被框出来。",
                    "用“查找和替换”（Ctrl+H）把“是”“Y”换成“会”。",
                    spoken="用“查找和替换”，也就是 Ctrl 加 H，把“是”和 Y 换成“会”。",
                    hint="在替换的“选项”里勾上“单元格匹配”，免得把别的格子里的同一个字也换掉。",
                ),
                step(
                    "数字只留数字",
                    "sheet-clean",
                    "清理后的表格，C列年龄全是数字。",
                    "把“68岁”改成68、“七十”改成70，年龄列只留数字。",
                    hint="先选中C列，再把“岁”替换成空白，就只改这一列。",
                ),
                step(
                    "处理空白",
                    "sheet-clean",
                    "清理后的表格，吴*华的F列已经补上“会”。",
                    "空白格对照纸质问卷补上；确实没填的写“未填”。",
                    mistake="不要凭感觉替居民填答案。",
                ),
                check(
                    "第6、7行是同一位居民录了两次，不删会怎样？",
                    [
                        ("人数和“需要助餐”的人数都会多算一个", True),
                        ("没有影响，公式会自动忽略", False),
                        ("只会影响平均年龄", False),
                    ],
                    "重复行会被每个公式当成两个人来数。",
                ),
                warning(
                    "问卷里的姓名、电话、住址是个人信息：表格只存单位电脑，不发到群里；分析用的副本把姓名打码。"
                ),
            ],
        },
        {
            "slug": "formulas",
            "title": "用公式统计：COUNTA、COUNTIF、AVERAGE",
            "title_en": "Count with formulas: COUNTA, COUNTIF, AVERAGE",
            "minutes": 15,
            "blocks": [
                text(
                    '<p>三个最常用的统计公式：</p><ul><li><code>=COUNTA(B2:B11)</code>：数一数区域里有几个非空格子——调查了多少人。</li><li><code>=COUNTIF(F2:F11,"会")</code>：数符合条件的格子——有几个人会用智能手机。</li><li><code>=AVERAGE(C2:C11)</code>：求平均——平均年龄。</li></ul><p>公式都以等号开头，文字条件要加英文双引号。</p>'
                ),
                step(
                    "数“会用手机”的人",
                    "sheet-countif",
                    '表格右边的统计结果区，K3单元格被选中，编辑栏里是 =COUNTIF(F2:F11,"会")，结果是6。',
                    '在空白格输入 =COUNTIF(F2:F11,"会")，回车得到6。',
                    spoken="在空白格输入等号 COUNTIF，括号里写 F2 到 F11、逗号、引号里的“会”，回车得到6。",
                    hint='条件可以换：=COUNTIF(E2:E11,"助餐") 数出需要助餐的人。',
                ),
                step(
                    "算平均年龄",
                    "sheet-average",
                    "K4单元格被选中，编辑栏里是 =AVERAGE(C2:C11)，结果是75。",
                    "输入 =AVERAGE(C2:C11)，得到平均年龄75岁。",
                    spoken="输入等号 AVERAGE，括号里写 C2 到 C11，得到平均年龄75岁。",
                    mistake="年龄列里还夹着“68岁”这样的文字时，AVERAGE 会跳过它，结果悄悄变错——所以先清理。",
                ),
                step(
                    "算比例",
                    "sheet-countif",
                    "统计结果区：调查人数10，会用手机6。",
                    "比例 = 会用的人数 ÷ 调查人数：6÷10 = 60%。",
                    spoken="比例等于会用的人数除以调查人数：6除以10，等于百分之六十。",
                    hint="输入 =K3/K2，再点“%”按钮设成百分比格式。",
                ),
                check(
                    "想数出“最需要的服务”是“助餐”的人数，用哪个公式？",
                    [
                        ('=COUNTIF(E2:E11,"助餐")', True),
                        ("=SUM(E2:E11)", False),
                        ("=AVERAGE(E2:E11)", False),
                    ],
                    "COUNTIF 按条件数格子；SUM 和 AVERAGE 只对数字起作用。",
                ),
                tip("公式写好后，改了原始数据，结果会自动更新，不用重新算。"),
            ],
        },
        {
            "slug": "pivot-and-chart",
            "title": "数据透视表和图表",
            "title_en": "Pivot tables and charts",
            "minutes": 15,
            "blocks": [
                text(
                    "<p>COUNTIF 一次只数一个条件。想一下子看到“每种服务各有多少人”，用<strong>数据透视表</strong>；想让居民和领导一眼看懂，再做成<strong>柱形图</strong>。</p>"
                ),
                step(
                    "插入数据透视表",
                    "sheet-pivot-insert",
                    "整张数据表被选中，“插入”菜单展开，“数据透视表”被框出来。",
                    "选中整张数据（含表头），点“插入 → 数据透视表”。",
                    hint="放在“新工作表”里，不会弄乱原始数据。",
                ),
                step(
                    "拖字段",
                    "sheet-pivot",
                    "左边是透视结果：助餐4、就医陪诊3、手机培训2、家电维修1、总计10；右边字段面板的“行”和“值”区域被框出来。",
                    "把“最需要的服务”拖到“行”，把“编号”拖到“值”。",
                    mistake="数字列拖进“值”默认是“求和”，要在“值字段设置”里改成“计数”。",
                ),
                step(
                    "做成柱形图",
                    "sheet-chart",
                    "柱形图：助餐4人、就医陪诊3人、手机培训2人、家电维修1人，标题“居民最需要的服务（共10人，可选1项）”被框出来。",
                    "选中透视表，点“插入 → 图表 → 柱形图”，从高到低排好。",
                    hint="标题写清楚“是什么、共多少人”，柱子上标出数字。",
                ),
                check(
                    "数据透视表里“值”显示的是“求和项：编号”，结果是一堆大数字，怎么办？",
                    [
                        ("在“值字段设置”里改成“计数”", True),
                        ("删掉编号列", False),
                        ("手工把数字改小", False),
                    ],
                    "我们要数人数，不是把编号加起来。",
                ),
                tip("改了原始数据后，在透视表上右键“刷新”，结果和图表会跟着变。"),
            ],
        },
        {
            "slug": "read-results",
            "title": "解读结果，写一段不夸大的结论",
            "title_en": "Read the results and report honestly",
            "minutes": 15,
            "blocks": [
                text(
                    "<p>好的结论说清四件事：<strong>调查了谁、多少人</strong>；<strong>主要发现</strong>（数字和比例）；<strong>局限</strong>（样本小、谁没被调查到）；<strong>建议</strong>。</p><p>例：“本次调查3个楼栋共10位60岁以上居民。最需要的服务是助餐（4人，40%），其次是就医陪诊（3人）。80岁及以上的3位居民都不会用智能手机。样本较少，建议扩大调查后再定助餐服务规模。”</p>"
                ),
                step(
                    "先看总数",
                    "sheet-pivot",
                    "数据透视表：助餐4、就医陪诊3、手机培训2、家电维修1、总计10。",
                    "先写清样本：共10人，来自3个楼栋。",
                ),
                step(
                    "再看排序和比例",
                    "sheet-chart",
                    "柱形图，助餐最高4人。",
                    "写主要发现：助餐4人，占40%，排第一。",
                    hint="比例要写清分母：“10人中有4人”。",
                ),
                step(
                    "交叉看一看",
                    "sheet-clean",
                    "清理后的表格，可以同时看年龄列和“会用智能手机”列。",
                    "把年龄和“会用手机”一起看：80岁以上的3人都不会用。",
                    hint="在透视表里把“会用智能手机”拖到“列”，就能看出交叉结果。",
                ),
                check(
                    "10个人里有4人最需要助餐，下面哪种说法最恰当？",
                    [
                        ("本次调查的10人中，4人最需要助餐；样本较少，需扩大调查", True),
                        ("全社区40%的老人都需要助餐", False),
                        ("助餐需求最大，其他服务都不用做了", False),
                    ],
                    "10个人不能代表全社区；也不能因为排第一就否定其他需求。",
                ),
                warning("对外汇报只给汇总数字和图表，不附带含姓名的原始表。"),
            ],
        },
    ],
}

ONLINE_MEETING = {
    "slug": "online-residents-meeting",
    "title": "组织网上议事厅",
    "title_en": "Running an online residents' meeting",
    "summary": "从议程、通知到实名入会、发言秩序、表决和会议纪要，组织一场规范、包容、保护隐私的网上居民议事会。",
    "summary_en": "From the agenda and invitation to real-name entry, speaking order, voting and minutes: run an orderly, inclusive online residents' meeting that protects privacy.",
    "audience": "staff",
    "skill_area": "digital-governance",
    "level": 2,
    "minutes": 45,
    "outcomes": [
        "能写出议程清楚、入会方式明确的会议通知",
        "会用等候室和改名核对参会人身份",
        "能用举手、静音管理发言顺序",
        "会组织表决并写出会议纪要，保护参会人隐私",
    ],
    "cover": "cover-online-meeting",
    "cover_alt": "紫色封面：会议画面里四位参会者，右下角一个绿色对勾。",
    "prerequisites": [],
    "lessons": [
        {
            "slug": "agenda-and-invitation",
            "title": "会前准备：议程和通知",
            "title_en": "Before the meeting: agenda and invitation",
            "minutes": 15,
            "blocks": [
                text(
                    "<p>一次网上议事会最好只议<strong>一个主题</strong>，时长不超过1小时。会前至少提前3天发通知，把方案材料一起发出，让居民有时间看。</p><p>选会议软件时看四点：居民手机上装得上、能改名实名、有等候室、能举手和投票。别忘了不会上网的居民：在社区活动室设一个线下参会点，由工作人员协助。</p>"
                ),
                step(
                    "写通知",
                    "meeting-notice",
                    "会议通知：时间、议题、议程及每项时长、入会方式（会议号、密码、改名为“楼栋-姓名”实名参会）、线下参会点、录屏说明和联系人；入会要求那一段被框出来。",
                    "通知写清：时间、议题、议程、怎么入会、要实名。",
                    hint="议程给每一项定好时长，主持时照着走。",
                ),
                step(
                    "多渠道发布",
                    "meeting-notice",
                    "会议通知全文。",
                    "在楼栋群发通知，同时在单元门口张贴纸质版。",
                    hint="会议密码只发在楼栋群公告里，不贴在公开场所。",
                ),
                step(
                    "会前试一试",
                    "meeting-room",
                    "会议画面：六个参会窗口，下方工具栏有静音、开启视频、举手、参会者、表决、聊天、结束会议。",
                    "提前15分钟开会，和工作人员试一遍声音、举手和投票。",
                ),
                check(
                    "下面哪一项不应该写进公开张贴的会议通知？",
                    [
                        ("会议密码", True),
                        ("会议时间和议题", False),
                        ("线下参会点", False),
                    ],
                    "密码只发在居民群里，防止无关人员进会。",
                ),
                tip("提前一天在群里提醒一次，附上“怎么入会”的图文步骤。"),
            ],
        },
        {
            "slug": "identity-and-speaking-order",
            "title": "实名入会和发言秩序",
            "title_en": "Real-name entry and speaking order",
            "minutes": 15,
            "blocks": [
                text(
                    "<p><strong>实名</strong>：开启等候室，请参会人改名为“楼栋-姓名”，主持人对照居民名单逐个放行。不要在会上念身份证号、电话。</p><p><strong>秩序</strong>：开场说明规则——默认全体静音、举手排队、每人发言不超过3分钟、书面意见发在聊天区。线下参会点的居民由工作人员代为举手。</p>"
                ),
                step(
                    "打开参会者列表",
                    "meeting-room",
                    "会议画面，下方工具栏的“参会者”被框出来。",
                    "点“参会者”，核对名字是不是“楼栋-姓名”。",
                    hint="名字不对的，请对方在会中改名，或由主持人改名。",
                ),
                step(
                    "全体静音",
                    "meeting-participants",
                    "参会者列表，右上角有“全体静音”按钮。",
                    "开场说明规则后，点“全体静音”。",
                ),
                step(
                    "按举手顺序发言",
                    "meeting-participants",
                    "参会者列表里，3号楼-张*兰显示“举手”，她旁边的“允许发言”按钮被框出来。",
                    "按举手的先后，点“允许发言”，一次一位。",
                    hint="发言后，主持人用一句话复述要点，方便记录。",
                    mistake="不要跳过线下参会点的居民，他们的举手由工作人员报给主持人。",
                ),
                check(
                    "有参会人名字显示为“iPhone”，主持人怎么办？",
                    [
                        ("请他改名为“楼栋-姓名”，核对名单后再请他发言和表决", True),
                        ("直接把他移出会议，不用说明", False),
                        ("请他在会上报身份证号", False),
                    ],
                    "实名是为了确认是本楼居民，核对名单就够了，不需要公开身份证号。",
                ),
                warning("不要截图带参会人名字和头像的会议画面发到群里或网上。"),
            ],
        },
        {
            "slug": "voting-and-minutes",
            "title": "表决、纪要和隐私",
            "title_en": "Voting, minutes and privacy",
            "minutes": 15,
            "blocks": [
                text(
                    "<p>表决前：宣读表决事项和选项（同意/反对/弃权），确认在场人数。表决后：当场公布结果。网上表决适合征求意见；法律法规要求业主书面签字的事项，会后还要按程序办理。</p><p>录屏要在通知里和开会时说明用途和保存期限；纪要只写汇总，不写身份证号、电话。</p>"
                ),
                step(
                    "发起表决",
                    "meeting-room-vote",
                    "会议画面，下方工具栏的“表决”被框出来。",
                    "宣读表决事项后，点“表决”发起实名投票。",
                ),
                step(
                    "公布结果",
                    "meeting-vote",
                    "表决面板：同意14人、反对3人、弃权1人、未投2人，已投18/20，下面有“结束表决”和“公布结果”。",
                    "时间到了点“结束表决”，再点“公布结果”并念一遍。",
                ),
                step(
                    "写会议纪要",
                    "doc-minutes",
                    "会议纪要：时间、方式、主持、参会人数、议题、主要意见、表决结果（同意14，反对3，弃权1，未投2）、下一步；表决结果那一行被框出来。",
                    "纪要写清：参会人数、主要意见、表决的具体数字、下一步。",
                    hint="会后24小时内在楼栋群公示纪要，接受居民更正。",
                ),
                check(
                    "会议录屏应该怎么处理？",
                    [
                        ("提前告知用途，只用于整理纪要，按期限删除", True),
                        ("发到公众号上让大家看", False),
                        ("存在个人网盘里随时备用", False),
                    ],
                    "录屏里有居民的脸、声音和名字，是个人信息，要告知、限用途、按期删除。",
                ),
                warning(
                    "依照《个人信息保护法》，收集和使用居民个人信息要告知用途，只收必要的，用完按期删除。"
                ),
            ],
        },
    ],
}

PROGRAMMING = {
    "slug": "automation-programming",
    "title": "自动化与编程入门",
    "title_en": "First steps in automation and programming",
    "summary": "理解什么是算法，写出第一个读取居民名单、按年龄段计数的 Python 脚本，用“录制宏”把重复的表格操作自动化，并守住数据隐私。",
    "summary_en": "Understand what an algorithm is, write a first Python script that reads a residents CSV and counts by age group, automate repeated spreadsheet steps with a recorded macro, and keep data private.",
    "audience": "staff",
    "skill_area": "programming",
    "level": 2,
    "minutes": 60,
    "outcomes": [
        "能用一步一步的流程描述一项工作（算法）",
        "能读懂并运行一个按年龄段计数的 Python 脚本",
        "会录制和运行一个简单的表格宏",
        "处理居民数据时做到最少够用、打码、妥善保存",
    ],
    "cover": "cover-programming",
    "cover_alt": "深灰色封面：黑色代码窗口里写着几行 Python 代码，旁边一个黄色齿轮。",
    "prerequisites": ["survey-spreadsheet"],
    "lessons": [
        {
            "slug": "what-is-an-algorithm",
            "title": "什么是算法",
            "title_en": "What an algorithm is",
            "minutes": 10,
            "blocks": [
                text(
                    "<p><strong>算法</strong>就是把一件事拆成一步一步、每一步都清清楚楚的做法，谁照着做都得到同样的结果——像菜谱一样。</p><p>例：按年龄段数居民人数。打开名单 → 看还有没有下一行 → 有就读出年龄、判断年龄段、给那个年龄段加1，再回去看下一行 → 没有了就打印结果。</p>"
                ),
                step(
                    "看懂流程图",
                    "algo-flow",
                    "流程图：开始 → 打开居民名单 → 还有下一行吗？有：读出年龄 → 判断年龄段 → 这个年龄段+1 → 回到上面；没有了：打印每个年龄段的人数 → 结束。判断框被框出来。",
                    "跟着箭头走一遍：循环读每一行，读完再打印。",
                    hint="菱形是“判断”，方框是“动作”，圆角框是开始和结束。",
                ),
                check(
                    "下面哪一个最像一个算法？",
                    [
                        ("“每行读出年龄；≥80记为高龄；全部读完后报告高龄人数”", True),
                        ("“把名单大概看一看，估个数”", False),
                        ("“数据很重要”", False),
                    ],
                    "算法的每一步都明确、能照做，结果不靠感觉。",
                ),
                tip("写程序之前，先用中文把步骤写下来，再翻译成代码。"),
            ],
        },
        {
            "slug": "first-python-script",
            "title": "第一个 Python 脚本：按年龄段数人数",
            "title_en": "A first Python script: count residents by age group",
            "minutes": 20,
            "blocks": [
                text(
                    "<p>从表格导出 CSV 文件（“另存为 → CSV UTF-8”），命名为 <code>residents.csv</code>，内容像这样：</p>"
                    + code(samples.RESIDENTS_CSV)
                    + "<p>在同一个文件夹里新建 <code>count_ages.py</code>：</p>"
                    + code(samples.PY_SCRIPT)
                    + "<p>在终端运行 <code>python count_ages.py</code>，会打印：</p>"
                    + code(samples.PY_OUTPUT)
                ),
                step(
                    "准备数据文件",
                    "csv-residents",
                    "residents.csv 在文本编辑器里打开：第一行是表头，下面10行居民数据，姓名已打码，整块被框出来。",
                    "从表格导出 residents.csv，只保留统计要用的列。",
                    hint="用 Excel 导出时选“CSV UTF-8（逗号分隔）”，中文就不会乱码。",
                ),
                step(
                    "读懂脚本",
                    "code-python",
                    "代码编辑器里是 count_ages.py：age_group 函数按年龄返回年龄段；用 csv.DictReader 逐行读文件、计数；最后按顺序打印。",
                    "age_group 判断年龄段；循环逐行读文件，给对应年龄段加1。",
                    hint='int(row["年龄"]) 把读到的文字“72”变成数字72，才能比较大小。',
                ),
                step(
                    "运行并核对",
                    "code-python",
                    "右边终端显示运行结果：60岁以下0人、60-69岁3人、70-79岁4人、80岁及以上3人，结果被框出来。",
                    "运行 python count_ages.py，核对：3+4+3 正好是10人。",
                    spoken="运行 python count_ages.py，核对：3加4加3，正好是10人。",
                    mistake='报错 UnicodeDecodeError？文件可能是 GBK 编码，把 encoding 改成 "gbk" 再试。',
                ),
                check(
                    '脚本里为什么要写 int(row["年龄"])？',
                    [
                        ("CSV 里读出来的是文字，要变成数字才能和 80 比大小", True),
                        ("为了让年龄四舍五入", False),
                        ("不写也一样", False),
                    ],
                    "文字“9”和数字80比较会出错或得到错误结果，先转成整数。",
                ),
                tip("先用两三行数据试运行，结果对了，再换成全部数据。"),
            ],
        },
        {
            "slug": "spreadsheet-macros",
            "title": "表格里的自动化：录制宏",
            "title_en": "Automation in the spreadsheet: recording a macro",
            "minutes": 15,
            "blocks": [
                text(
                    "<p>每周都要做一遍的清理（删除重复、统一写法），可以<strong>录制成宏</strong>：打开录制，照常操作一遍，停止录制；下次一键重放。</p><p>Excel 在“视图 → 宏 → 录制宏”；WPS 表格在“开发工具”选项卡里（有的版本要先启用宏功能）。含宏的文件要存成 <code>.xlsm</code> 格式。</p>"
                ),
                step(
                    "开始录制",
                    "sheet-macro",
                    "“视图”菜单展开：查看宏、录制宏、使用相对引用，“录制宏”被框出来。",
                    "点“视图 → 宏 → 录制宏”，起个名字，比如“每周清理”。",
                ),
                step(
                    "照常操作一遍",
                    "sheet-dedupe",
                    "“数据”菜单里的“删除重复项”被框出来。",
                    "做一遍清理：删除重复项、替换写法，然后点“停止录制”。",
                    mistake="录制时多点了、点错了也会被录进去，先想好步骤再录。",
                ),
                step(
                    "下次一键运行",
                    "sheet-macro",
                    "“视图”菜单里有“查看宏”。",
                    "新数据来了，点“视图 → 宏 → 查看宏”，选“每周清理”，点“执行”。",
                    hint="运行前先备份，宏做的修改不能用“撤销”恢复。",
                ),
                check(
                    "收到陌生人发来的表格，打开时提示“启用宏”，怎么办？",
                    [
                        ("确认来源可信之前，不启用宏", True),
                        ("直接启用，不然看不到内容", False),
                        ("转发到工作群让大家都试试", False),
                    ],
                    "宏能执行程序，病毒和木马常藏在带宏的文件里。",
                ),
                warning("只运行自己录的或来源可信的宏，运行前先备份数据。"),
            ],
        },
        {
            "slug": "data-privacy",
            "title": "处理居民数据的隐私底线",
            "title_en": "Privacy ground rules for residents' data",
            "minutes": 15,
            "blocks": [
                text(
                    "<p>四条底线：</p><ol><li><strong>最少够用</strong>：只收、只导出统计需要的列。</li><li><strong>打码</strong>：分析用的副本，姓名打码或换成编号，不放电话、身份证号。</li><li><strong>妥善保存</strong>：存单位电脑或单位系统，设密码，不放个人网盘、不发群文件。</li><li><strong>只分享汇总</strong>：对外只给人数、比例、图表，用完的原始数据按规定删除。</li></ol><p>这些做法符合《个人信息保护法》对收集、使用个人信息的要求。</p>"
                ),
                step(
                    "检查要用的列",
                    "csv-residents",
                    "residents.csv：编号、打码后的姓名、年龄、楼栋、最需要的服务、会用智能手机；没有电话和身份证号。",
                    "导出前删掉统计用不到的列，比如电话、身份证号、详细住址。",
                ),
                step(
                    "只分享汇总",
                    "sheet-chart",
                    "只含汇总数字的柱形图。",
                    "发到群里或报告里的，只有汇总表和图表。",
                ),
                check(
                    "下面哪一样可以发到楼栋居民群？",
                    [
                        ("按年龄段的人数汇总表", True),
                        ("含姓名和电话的原始调查表", False),
                        ("居民身份证照片", False),
                    ],
                    "汇总数字看不出是哪一位居民；原始表和证件照片都是个人信息。",
                ),
                warning(
                    "发现居民信息被误发到群里，立即撤回、请大家删除，并报告负责人。"
                ),
            ],
        },
    ],
}

STAFF_COURSES: list[dict] = [SURVEY_SHEET, ONLINE_MEETING, PROGRAMMING]

COURSES: list[dict] = RESIDENT_COURSES + STAFF_COURSES

PATHS: list[dict] = [
    {
        "slug": "data-analysis-intro",
        "title": "数据分析入门",
        "title_en": "Introduction to data analysis",
        "summary": "先学会用电子表格清理和统计社区调查数据，再用 Python 脚本和宏把重复的统计工作自动化。",
        "summary_en": "First clean and summarise community survey data in a spreadsheet, then automate repeated counting with a Python script and macros.",
        "courses": ["survey-spreadsheet", "automation-programming"],
    },
]
